package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/store"
)

const migrateUsage = `usage: fortfolio migrate sqlite-to-postgres --data DIR --database URL [--audit-key-file FILE]`

// migrateFlags are the flags of migrate sqlite-to-postgres.
type migrateFlags struct {
	data, database, keyFile string
}

func parseMigrateFlags(env Env, args []string) (migrateFlags, error) {
	var f migrateFlags
	if len(args) == 0 || args[0] != "sqlite-to-postgres" {
		return f, errors.New(migrateUsage)
	}
	fs := flag.NewFlagSet("migrate sqlite-to-postgres", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&f.data, "data", orDefault(env.Getenv("FORTFOLIO_DATA"), "./data"), "data directory of the SQLite installation")
	fs.StringVar(&f.database, "database", env.Getenv("FORTFOLIO_DATABASE_URL"), "PostgreSQL URL to move the data to, an empty database (env FORTFOLIO_DATABASE_URL)")
	fs.StringVar(&f.keyFile, "audit-key-file", "", "audit key file (or FORTFOLIO_AUDIT_KEY / FORTFOLIO_AUDIT_KEY_FILE)")
	if err := fs.Parse(args[1:]); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), migrateUsage)
	}
	if !strings.HasPrefix(f.database, "postgres://") && !strings.HasPrefix(f.database, "postgresql://") {
		return f, fmt.Errorf("--database must be a postgres:// URL\n%s", migrateUsage)
	}
	return f, nil
}

// migrateCmd moves a SQLite installation to PostgreSQL: the audit chain
// must verify before, the copy checks every table's row count, and the
// chain must verify the same against the moved checkpoint after. No
// message ever shows the URL's password.
func migrateCmd(ctx context.Context, env Env, args []string) error {
	f, err := parseMigrateFlags(env, args)
	if err != nil {
		return err
	}
	if err := migrateToPostgres(ctx, env, f); err != nil {
		return errors.New(redactPassword(err.Error(), f.database))
	}
	return nil
}

func migrateToPostgres(ctx context.Context, env Env, f migrateFlags) error {
	key, err := auditKey(env, f.data, f.keyFile)
	if err != nil {
		return err
	}
	before, err := verifyAuditOn(ctx, f.data, key)
	if err != nil {
		return fmt.Errorf("migrate: refused, nothing was copied: %w", err)
	}
	rep, err := store.MigrateSQLiteToPostgres(ctx, f.data, f.database)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	after, err := verifyAuditOn(ctx, f.data, key, store.WithDatabase(f.database))
	if err != nil {
		return fmt.Errorf("migrate: the data was copied but the audit chain does not verify against PostgreSQL; keep serving from SQLite: %w", err)
	}
	if after.Entries != before.Entries || after.LastHash != before.LastHash || (before.Checkpoint == nil) != (after.Checkpoint == nil) {
		return fmt.Errorf("migrate: the data was copied but the audit chain verifies differently against PostgreSQL (%d entries, was %d); keep serving from SQLite", after.Entries, before.Entries)
	}
	if err := verifyMovedTable(ctx, f, key, before.Entries); err != nil {
		return fmt.Errorf("migrate: the data was copied but %w; keep serving from SQLite", err)
	}
	printMigration(env, rep, after, describeDatabase(f.database))
	return nil
}

// verifyMovedTable checks the shared audit table after the move: it holds
// the moved log, entry for entry, and verifies.
func verifyMovedTable(ctx context.Context, f migrateFlags, key *audit.Key, entries int) error {
	st, err := store.Open(ctx, f.data, store.WithDatabase(f.database))
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.VerifyAuditTable(ctx, key)
	switch {
	case err != nil:
		return err
	case res.Broken != nil:
		return fmt.Errorf("the shared audit table does not verify at %s: %s", res.Broken.File, res.Broken.Reason)
	case res.Entries != entries:
		return fmt.Errorf("the shared audit table holds %d entries, the log %d", res.Entries, entries)
	}
	return nil
}

// verifyAuditOn verifies the audit log against the store opened with opts
// (the SQLite accounts database by default); a broken chain is an error.
func verifyAuditOn(ctx context.Context, data string, key *audit.Key, opts ...store.Option) (audit.Result, error) {
	if len(opts) == 0 {
		st, err := openForVerify(ctx, data)
		if err != nil || st == nil {
			return audit.Result{}, errors.Join(err, fmt.Errorf("no SQLite installation in %s (fortfolio.db is missing)", data))
		}
		return verifyAuditWith(ctx, data, key, st)
	}
	st, err := store.Open(ctx, data, opts...)
	if err != nil {
		return audit.Result{}, err
	}
	return verifyAuditWith(ctx, data, key, st)
}

func verifyAuditWith(ctx context.Context, data string, key *audit.Key, st *store.Store) (audit.Result, error) {
	defer st.Close()
	res, err := platform.VerifyAudit(ctx, data, key, st)
	if err != nil {
		return res, err
	}
	if b := res.Broken; b != nil {
		return res, fmt.Errorf("audit chain BROKEN at %s line %d: %s (fortfolio audit verify --data %s shows it)", b.File, b.Line, b.Reason, data)
	}
	return res, nil
}

func printMigration(env Env, rep store.MigrationReport, res audit.Result, target string) {
	fmt.Fprintf(env.Stdout, "migrated %d accounts, %d tables, %d rows into %s\n", rep.Users, len(rep.Tables), rep.Rows(), target)
	for _, t := range rep.Tables {
		fmt.Fprintf(env.Stdout, "  %-20s %d\n", t.Table, t.Rows)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintln(env.Stdout, "skipped:", s)
	}
	auth := "every MAC checked"
	if !res.KeyChecked {
		auth = "UNAUTHENTICATED: no audit key given, only breaks in the chain were checked"
	}
	fmt.Fprintf(env.Stdout, "audit chain OK before and after: %d entries, last hash %s (%s); all of them are in the shared audit table\n", res.Entries, res.LastHash, auth)
	fmt.Fprintln(env.Stdout, "row counts verified per table and per user; start the server with --database (or FORTFOLIO_DATABASE_URL) and the same --data")
}

// describeDatabase names the database and host of a PostgreSQL URL,
// without its credentials.
func describeDatabase(raw string) string {
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		return "PostgreSQL"
	}
	return fmt.Sprintf("PostgreSQL database %q on %s", cfg.Database, cfg.Host)
}

// redactPassword replaces every form of the URL's password in msg.
func redactPassword(msg, raw string) string {
	var secrets []string
	if cfg, err := pgx.ParseConfig(raw); err == nil && cfg.Password != "" {
		secrets = append(secrets, cfg.Password)
	}
	if u, err := url.Parse(raw); err == nil {
		if p, ok := u.User.Password(); ok && p != "" {
			secrets = append(secrets, p, url.PathEscape(p), url.QueryEscape(p))
		}
		if p := u.Query().Get("password"); p != "" {
			secrets = append(secrets, p, url.QueryEscape(p))
		}
	}
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		if userinfo, _, ok := strings.Cut(rest, "@"); ok {
			if _, p, ok := strings.Cut(userinfo, ":"); ok && p != "" {
				secrets = append(secrets, p)
			}
		}
	}
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}
