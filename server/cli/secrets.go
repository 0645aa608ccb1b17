package cli

import (
	"context"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store"
)

// accountsIn asks the data directory, or the PostgreSQL database when
// there is one, whether it holds accounts (for the missing-pepper check
// before secrets are created: a node joining a PostgreSQL installation
// must be given the installation's pepper, not make its own).
func accountsIn(ctx context.Context, data, database string) func() (bool, error) {
	if database != "" {
		return func() (bool, error) { return store.PostgresHasAccounts(ctx, database) }
	}
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
