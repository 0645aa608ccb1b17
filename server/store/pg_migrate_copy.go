package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fortfolio/fortfolio/server/audit"
)

// pgMigration is one run of MigrateSQLiteToPostgres.
type pgMigration struct {
	src *migrationSource
	dst *sql.DB
	tx  *sql.Tx
	// node is the id the data directory's audit lines are loaded under.
	node string
	// cols are the PostgreSQL tables' columns, by table.
	cols map[string][]pgColumn
	// order lists the tables as they are copied: accounts, then per-user.
	order []string
	// rows counts the copied rows per table; idMax is the largest copied
	// value of each identity column ("table.column").
	rows  map[string]int64
	idMax map[string]int64
}

// pgColumn is a column of the PostgreSQL schema.
type pgColumn struct {
	name, dataType string
	identity       bool
}

func (m *pgMigration) run(ctx context.Context) error {
	tx, err := m.dst.BeginTx(ctx, nil) // unscoped: the accounts tables
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer tx.Rollback()
	m.tx = tx
	if err := m.checkEmpty(ctx); err != nil {
		return err
	}
	if err := m.readSchema(ctx); err != nil {
		return err
	}
	accounts, users, err := m.tables(ctx)
	if err != nil {
		return err
	}
	m.order = append(slices.Clone(accounts), users...)
	if err := m.copyAll(ctx, m.src.accounts, accounts); err != nil {
		return err
	}
	for _, u := range m.src.users {
		if err := m.copyUser(ctx, u, users); err != nil {
			return err
		}
	}
	if err := m.setScope(ctx, ""); err != nil {
		return err
	}
	if err := m.copyAudit(ctx); err != nil {
		return err
	}
	if err := m.advanceSequences(ctx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migrate: commit: %w", err)
	}
	return nil
}

// checkEmpty refuses a target holding accounts; the lock keeps a server
// started meanwhile from registering one.
func (m *pgMigration) checkEmpty(ctx context.Context) error {
	if _, err := m.tx.ExecContext(ctx, `LOCK TABLE users IN EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("store: migrate: lock users: %w", err)
	}
	var n int
	if err := m.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS one`).Scan(&n); err != nil {
		return fmt.Errorf("store: migrate: count accounts: %w", err)
	}
	if n > 0 {
		return ErrTargetNotEmpty
	}
	return nil
}

// readSchema reads the columns of the PostgreSQL tables.
func (m *pgMigration) readSchema(ctx context.Context) error {
	rows, err := m.tx.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_identity
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'fortfolio_schema'
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		return fmt.Errorf("store: migrate: read schema: %w", err)
	}
	m.cols = map[string][]pgColumn{}
	_, err = collect(rows, "migrate: read schema", func(r *sql.Rows) (struct{}, error) {
		var t, ident string
		var c pgColumn
		err := r.Scan(&t, &c.name, &c.dataType, &ident)
		c.identity = ident == "YES"
		m.cols[t] = append(m.cols[t], c)
		return struct{}{}, err
	})
	return err
}

// tables splits the PostgreSQL tables into accounts and per-user tables,
// each ordered so a table comes after those its foreign keys name.
func (m *pgMigration) tables(ctx context.Context) (accounts, users []string, err error) {
	deps, err := m.foreignKeys(ctx)
	if err != nil {
		return nil, nil, err
	}
	for t := range m.cols {
		if !slices.Contains(pgUserTables, t) {
			accounts = append(accounts, t)
		}
	}
	slices.Sort(accounts)
	return dependencyOrder(accounts, deps), dependencyOrder(slices.Clone(pgUserTables), deps), nil
}

// foreignKeys maps each table to the tables it references.
func (m *pgMigration) foreignKeys(ctx context.Context) (map[string][]string, error) {
	rows, err := m.tx.QueryContext(ctx, `SELECT c.relname, f.relname FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
		WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: read foreign keys: %w", err)
	}
	deps := map[string][]string{}
	_, err = collect(rows, "migrate: read foreign keys", func(r *sql.Rows) (struct{}, error) {
		var t, ref string
		err := r.Scan(&t, &ref)
		if t != ref {
			deps[t] = append(deps[t], ref)
		}
		return struct{}{}, err
	})
	return deps, err
}

// dependencyOrder orders tables so each follows the tables it depends on
// (among tables), otherwise keeping their order.
func dependencyOrder(tables []string, deps map[string][]string) []string {
	var out []string
	done := map[string]bool{}
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t] || slices.ContainsFunc(deps[t], func(d string) bool { return slices.Contains(tables, d) && !done[d] }) {
				continue
			}
			out, done[t], progress = append(out, t), true, true
		}
		if !progress { // a cycle: keep the rest as they are
			for _, t := range tables {
				if !done[t] {
					out, done[t] = append(out, t), true
				}
			}
		}
	}
	return out
}

// copyUser copies one account's portfolio database in its scope.
func (m *pgMigration) copyUser(ctx context.Context, u sourceUser, tables []string) error {
	if err := m.setScope(ctx, u.id); err != nil {
		return err
	}
	if u.path == "" {
		return m.verifyEmpty(ctx, u, tables)
	}
	db, err := m.src.open(ctx, u.path, portfolioMigrations)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := m.copyAll(ctx, db, tables); err != nil {
		return fmt.Errorf("store: migrate user %s: %w", u.id, err)
	}
	return nil
}

// verifyEmpty checks that an account without a portfolio database has no
// rows in the target either.
func (m *pgMigration) verifyEmpty(ctx context.Context, u sourceUser, tables []string) error {
	for _, t := range tables {
		n, err := countRows(ctx, m.tx, t)
		if err != nil {
			return err
		}
		if n != 0 {
			return fmt.Errorf("store: migrate: user %s has no portfolio database but %d rows in %s", u.id, n, t)
		}
	}
	return nil
}

// setScope sets app.user_id for the rest of the transaction.
func (m *pgMigration) setScope(ctx context.Context, user string) error {
	if _, err := m.tx.ExecContext(ctx, `SELECT set_config('app.user_id', ?, true)`, user); err != nil {
		return fmt.Errorf("store: migrate: scope: %w", err)
	}
	return nil
}

// copyAll copies every table of src, which must all be among tables, and
// checks each target table then holds as many rows (in the current scope)
// as the source.
func (m *pgMigration) copyAll(ctx context.Context, src *sql.DB, tables []string) error {
	have, err := sqliteTables(ctx, src)
	if err != nil {
		return err
	}
	for _, t := range have {
		if t == "audit_pending" {
			if err := noPendingAudit(ctx, src); err != nil {
				return err
			}
			continue
		}
		if !slices.Contains(tables, t) {
			return fmt.Errorf("store: migrate: SQLite table %s has no PostgreSQL counterpart", t)
		}
	}
	for _, t := range tables {
		if !slices.Contains(have, t) {
			continue
		}
		if err := m.copyTable(ctx, src, t); err != nil {
			return err
		}
	}
	return nil
}

// noPendingAudit refuses a user database holding audit entries that may
// not be in the audit log yet (a power cut): the SQLite server recovers
// them at its next start; PostgreSQL has no such table.
func noPendingAudit(ctx context.Context, src *sql.DB) error {
	n, err := countRows(ctx, src, "audit_pending")
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("store: migrate: %d audit entries are still pending in a user database; start the server on SQLite once (it appends them to the audit log at start), stop it, then migrate", n)
	}
	return nil
}

// copyTable copies one table and verifies its row count.
func (m *pgMigration) copyTable(ctx context.Context, src *sql.DB, table string) error {
	plan, err := m.planTable(ctx, src, table)
	if err != nil {
		return err
	}
	before, err := countRows(ctx, m.tx, table)
	if err != nil {
		return err
	}
	copied, err := m.copyRows(ctx, src, plan)
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", table, err)
	}
	want, err := countRows(ctx, src, table)
	if err != nil {
		return err
	}
	after, err := countRows(ctx, m.tx, table)
	if err != nil {
		return err
	}
	if copied != want || after-before != want {
		return fmt.Errorf("store: migrate %s: the source has %d rows, %d were read and the target gained %d", table, want, copied, after-before)
	}
	m.rows[table] += want
	return nil
}

// countRows counts a table's rows (on PostgreSQL, those the scope sees).
func countRows(ctx context.Context, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, table string) (int64, error) {
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(table)).Scan(&n); err != nil { // #nosec G202 -- table names come from the schemas
		return 0, fmt.Errorf("store: migrate: count %s: %w", table, err)
	}
	return n, nil
}

// advanceSequences moves every identity sequence past the largest copied
// value, so new rows do not collide with copied ones.
func (m *pgMigration) advanceSequences(ctx context.Context) error {
	for _, key := range slices.Sorted(maps.Keys(m.idMax)) {
		t, c, _ := strings.Cut(key, ".")
		if _, err := m.tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), ?)`, quoteIdent(t), c, m.idMax[key]); err != nil {
			return fmt.Errorf("store: migrate: advance %s sequence: %w", key, err)
		}
	}
	return nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// copyAudit loads the data directory's audit log into the shared audit
// table, so the table's history starts with the installation's first
// entry, and checks the table then holds every line.
func (m *pgMigration) copyAudit(ctx context.Context) error {
	var read int64
	err := audit.Records(ctx, filepath.Join(m.src.dir, "audit"), 0, func(recs []audit.Record) error {
		read += int64(len(recs))
		return insertAuditRecords(ctx, m.tx, m.node, recs)
	})
	if err != nil {
		return fmt.Errorf("store: migrate audit log: %w", err)
	}
	n, err := countRows(ctx, m.tx, "audit_outbox")
	if err != nil {
		return err
	}
	if n != read {
		return fmt.Errorf("store: migrate audit log: %d lines read, the table holds %d", read, n)
	}
	m.rows["audit_outbox"] = n
	return nil
}
