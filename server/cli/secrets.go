package cli

import (
	"context"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store"
)

// accountsIn asks the data directory whether it holds accounts (for the
// missing-pepper check before secrets are created).
func accountsIn(ctx context.Context, data string) func() (bool, error) {
	return func() (bool, error) { return store.AccountsExist(ctx, data) }
}

// auditKey loads the audit key of a CLI command: FORTFOLIO_AUDIT_KEY, or
// the key file of --audit-key-file / FORTFOLIO_AUDIT_KEY_FILE.
func auditKey(env Env, data, file string) (*audit.Key, error) {
	if file == "" {
		file = env.Getenv("FORTFOLIO_AUDIT_KEY_FILE")
	}
	return audit.LoadKey(env.Getenv("FORTFOLIO_AUDIT_KEY"), file, data)
}
