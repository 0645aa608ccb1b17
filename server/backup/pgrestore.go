package backup

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrDatabaseNotEmpty reports a restore into a PostgreSQL database that
// already holds tables.
var ErrDatabaseNotEmpty = errors.New("backup: the PostgreSQL database is not empty: restore into a new, empty database")

// ArchiveDatabase reports what holds the tables in an archive: "postgres"
// for a pg_dump of a PostgreSQL store (PGDumpName), "" for SQLite files.
func ArchiveDatabase(path string) (string, error) {
	m, err := archiveManifest(path)
	return m.Database, err
}

// CheckEmptyDatabase refuses (ErrDatabaseNotEmpty) a PostgreSQL database
// with any table in its public schema.
func CheckEmptyDatabase(ctx context.Context, dbURL string) error {
	if _, _, err := splitPassword(dbURL); err != nil {
		return err
	}
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("backup: connect to PostgreSQL: %w", err) // pgx's message leaves out the password
	}
	defer c.Close(context.WithoutCancel(ctx))
	var tables int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
		return fmt.Errorf("backup: inspect the PostgreSQL database: %w", err)
	}
	if tables > 0 {
		return ErrDatabaseNotEmpty
	}
	return nil
}

// LoadPostgres loads the custom-format dump into the empty PostgreSQL
// database at dbURL with pg_restore: in one transaction, so a failure
// leaves the database empty, with what it creates owned by the role
// connecting (the one the nodes use).
func LoadPostgres(ctx context.Context, dump, dbURL string) error {
	if err := CheckEmptyDatabase(ctx, dbURL); err != nil {
		return err
	}
	bin, err := PGTool("pg_restore")
	if err != nil {
		return err
	}
	conn, password, err := splitPassword(dbURL)
	if err != nil {
		return err
	}
	return runPGTool(ctx, bin, password, nil, "--no-owner", "--no-privileges", "--exit-on-error",
		"--single-transaction", "--no-password", "--dbname="+conn, dump)
}
