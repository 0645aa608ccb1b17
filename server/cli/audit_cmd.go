package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/store"
)

func auditCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: fortfolio audit verify --data DIR [--database URL] [--audit-key-file FILE]")
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", orDefault(env.Getenv("FORTFOLIO_DATA"), "./data"), "data directory")
	keyFile := fs.String("audit-key-file", "", "audit key file (or FORTFOLIO_AUDIT_KEY / FORTFOLIO_AUDIT_KEY_FILE)")
	database := fs.String("database", env.Getenv("FORTFOLIO_DATABASE_URL"), "PostgreSQL URL of a PostgreSQL installation: the node's checkpoint and the shared audit table are there (env FORTFOLIO_DATABASE_URL)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	key, err := auditKey(env, *data, *keyFile)
	if err != nil {
		return err
	}
	var st *store.Store
	if *database != "" {
		st, err = store.Open(ctx, *data, store.WithDatabase(*database))
	} else {
		st, err = openForVerify(ctx, *data)
	}
	if err != nil {
		return err
	}
	if st != nil {
		defer st.Close()
	}
	res, err := platform.VerifyAudit(ctx, *data, key, st)
	if err != nil {
		return err
	}
	if err := report(env, res); err != nil || st == nil || st.AuditOutbox() == nil {
		return err
	}
	table, err := st.VerifyAuditTable(ctx, key)
	if err != nil {
		return err
	}
	return reportTable(env, table)
}

// reportTable prints the verification of the shared audit table of a
// PostgreSQL installation (every node's entries in one order).
func reportTable(env Env, res audit.Result) error {
	for _, n := range res.Notes {
		fmt.Fprintln(env.Stdout, "note:", n)
	}
	if b := res.Broken; b != nil {
		where := b.File
		if b.Line > 0 {
			where = fmt.Sprintf("%s entry %d", b.File, b.Line)
		}
		return fmt.Errorf("shared audit table BROKEN at %s: %s (%d rows read)", where, b.Reason, res.Entries)
	}
	auth := "UNAUTHENTICATED: no audit key given, only breaks in the chains were checked"
	if res.KeyChecked {
		auth = fmt.Sprintf("%d entries carry a valid MAC", res.Authenticated)
	}
	fmt.Fprintf(env.Stdout, "shared audit table OK: %d entries of every node in one order, each node's chain intact; %s\n", res.Entries, auth)
	return nil
}

// openForVerify opens the accounts database when there is one (its
// checkpoint and whether accounts exist are part of the check).
func openForVerify(ctx context.Context, data string) (*store.Store, error) {
	if _, err := os.Stat(filepath.Join(data, "fortfolio.db")); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return store.Open(ctx, data)
}

func report(env Env, res audit.Result) error {
	for _, n := range res.Notes {
		fmt.Fprintln(env.Stdout, "note:", n)
	}
	if b := res.Broken; b != nil {
		where := "the end of the log"
		if b.File != "" {
			where = fmt.Sprintf("%s line %d", b.File, b.Line)
		}
		return fmt.Errorf("audit chain BROKEN at %s: %s (%d entries read)", where, b.Reason, res.Entries)
	}
	against := "no checkpoint found"
	if res.Checkpoint != nil {
		against = fmt.Sprintf("matches the checkpoint in %s (%d entries)", res.Checkpoint.Source, res.Checkpoint.Entries)
	}
	fmt.Fprintf(env.Stdout, "audit chain OK: %d entries, last hash %s; %s\n", res.Entries, res.LastHash, against)
	switch {
	case !res.KeyChecked:
		fmt.Fprintln(env.Stdout, "UNAUTHENTICATED: no audit key given (FORTFOLIO_AUDIT_KEY or --audit-key-file), so only breaks in the chain were checked; anyone who can write the files could have rewritten it.")
	case res.Unauthenticated > 0:
		fmt.Fprintf(env.Stdout, "authenticated: %d entries carry a valid MAC; %d older entries were written before the key was set (format 1 or no key) and are checked for breaks only.\n",
			res.Entries-res.Unauthenticated, res.Unauthenticated)
	default:
		fmt.Fprintf(env.Stdout, "authenticated: every entry carries a valid MAC.\n")
	}
	return nil
}
