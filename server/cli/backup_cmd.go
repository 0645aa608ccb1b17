package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/store"
)

const backupUsage = `usage:
  fortfolio backup run     --data DIR [--backup-dir D] [--database URL]
  fortfolio backup list    --data DIR [--backup-dir D]
  fortfolio backup prune   --data DIR [--backup-dir D] [--now 2006-01-02T15:04:05Z] [--dry-run]
  fortfolio backup restore --from FILE --data NEWDIR [--force]`

// backupFlags are the flags of the backup subcommands.
type backupFlags struct {
	data, dir, from, now, database string
	dryRun, force                  bool
}

func parseBackupFlags(env Env, name string, args []string) (backupFlags, error) {
	var f backupFlags
	fs := flag.NewFlagSet("backup "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&f.data, "data", orDefault(env.Getenv("FORTFOLIO_DATA"), "./data"), "data directory")
	if name == "restore" {
		fs.StringVar(&f.from, "from", "", "backup archive to restore")
		fs.BoolVar(&f.force, "force", false, "replace a non-empty data directory")
	} else {
		fs.StringVar(&f.dir, "backup-dir", "", "backup directory (default DATA/backups)")
	}
	if name == "run" {
		fs.StringVar(&f.database, "database", orDefault(env.Getenv("FORTFOLIO_BACKUP_DATABASE_URL"), env.Getenv("FORTFOLIO_DATABASE_URL")),
			"PostgreSQL URL to dump, as a role with BYPASSRLS (env FORTFOLIO_BACKUP_DATABASE_URL, else FORTFOLIO_DATABASE_URL; empty: SQLite)")
	}
	if name == "prune" {
		fs.StringVar(&f.now, "now", "", "prune as if it were this RFC 3339 time (default now)")
		fs.BoolVar(&f.dryRun, "dry-run", false, "only print what would be deleted")
	}
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), backupUsage)
	}
	if f.dir == "" {
		f.dir = filepath.Join(f.data, "backups")
	}
	return f, nil
}

func backupCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return errors.New(backupUsage)
	}
	run, ok := map[string]func(context.Context, Env, backupFlags) error{
		"run": backupRun, "list": backupList, "prune": backupPrune, "restore": backupRestore,
	}[args[0]]
	if !ok {
		return fmt.Errorf("unknown backup command %q\n%s", args[0], backupUsage)
	}
	f, err := parseBackupFlags(env, args[0], args[1:])
	if err != nil {
		return err
	}
	return run(ctx, env, f)
}

func backupRun(ctx context.Context, env Env, f backupFlags) error {
	key, err := auditKey(env, f.data, "")
	if err != nil {
		return err
	}
	info, err := backup.Run(ctx, backup.Options{DataDir: f.data, BackupDir: f.dir, AuditKey: key, Database: f.database})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created %s (%s, %d files)\n", info.Path, humanSize(info.Size), info.Files)
	return nil
}

func backupList(ctx context.Context, env Env, f backupFlags) error {
	list, err := backup.List(ctx, f.dir)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(env.Stdout, "no backups in %s\n", f.dir)
		return nil
	}
	now := time.Now()
	for _, b := range list {
		fmt.Fprintf(env.Stdout, "%s  %10s  %5d files  %s ago\n", b.Name, humanSize(b.Size), b.Files, now.Sub(b.Created).Round(time.Minute))
	}
	return nil
}

func backupPrune(ctx context.Context, env Env, f backupFlags) error {
	now := time.Now()
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return fmt.Errorf("--now %q is not an RFC 3339 time such as 2025-01-31T03:00:00Z", f.now)
		}
		now = t
	}
	kept, deleted, err := backup.Prune(ctx, f.dir, now, f.dryRun)
	printInfos(env.Stdout, "kept", kept)
	verb := "deleted"
	if f.dryRun {
		verb = "would delete"
	}
	printInfos(env.Stdout, verb, deleted)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d kept, %d %s\n", len(kept), len(deleted), verb)
	return nil
}

func printInfos(w io.Writer, verb string, list []backup.Info) {
	for _, b := range list {
		fmt.Fprintf(w, "%-12s %s\n", verb, b.Name)
	}
}

// backupRestore restores an archive into a (new) data directory and
// records the restore in the restored audit log. The server must be
// stopped while it runs.
func backupRestore(ctx context.Context, env Env, f backupFlags) error {
	if f.from == "" {
		return errors.New("--from FILE is required")
	}
	key, err := auditKey(env, f.data, "")
	if err != nil {
		return err
	}
	if err := backup.Restore(ctx, f.from, f.data, f.force); err != nil {
		return err
	}
	st, err := store.Open(ctx, f.data)
	if err != nil {
		return fmt.Errorf("restored, but the accounts database does not open: %w", err)
	}
	defer st.Close()
	lg, err := platform.OpenAudit(ctx, f.data, key, st)
	if err != nil {
		return fmt.Errorf("restored, but the audit log does not open: %w", err)
	}
	defer lg.Close()
	if err := lg.Append(ctx, audit.Entry{Actor: "cli", Action: audit.ActionBackupRestore, Target: filepath.Base(f.from)}); err != nil {
		return fmt.Errorf("restored, but the restore was not audited: %w", err)
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s\n", filepath.Base(f.from), f.data)
	return nil
}

// humanSize formats a byte count with a binary unit.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
