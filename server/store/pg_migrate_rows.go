package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
)

// tablePlan is how one SQLite table's rows become PostgreSQL rows: the
// SQLite expressions read (columns, and rowid where the PostgreSQL table
// keeps it) and the PostgreSQL columns they fill, in the same order.
type tablePlan struct {
	table  string
	exprs  []string
	cols   []pgColumn
	byRow  bool // read in rowid order (the insertion order the rowid keeps)
	holdID []int
}

// planTable matches a SQLite table's columns with the PostgreSQL table's.
// A SQLite column without a PostgreSQL counterpart is an error: its data
// would be lost.
func (m *pgMigration) planTable(ctx context.Context, src *sql.DB, table string) (tablePlan, error) {
	p := tablePlan{table: table}
	names, err := sqliteColumns(ctx, src, table)
	if err != nil {
		return p, err
	}
	for _, n := range names {
		c, ok := m.column(table, n)
		if !ok {
			return p, fmt.Errorf("store: migrate: column %s.%s has no PostgreSQL counterpart", table, n)
		}
		p.exprs, p.cols = append(p.exprs, quoteIdent(n)), append(p.cols, c)
	}
	if c, ok := m.column(table, "rowid"); ok && !slices.Contains(names, "rowid") {
		p.exprs, p.cols, p.byRow = append(p.exprs, "rowid"), append(p.cols, c), true
	}
	for i, c := range p.cols {
		if c.identity {
			p.holdID = append(p.holdID, i)
		}
	}
	return p, nil
}

func (m *pgMigration) column(table, name string) (pgColumn, bool) {
	i := slices.IndexFunc(m.cols[table], func(c pgColumn) bool { return c.name == name })
	if i < 0 {
		return pgColumn{}, false
	}
	return m.cols[table][i], true
}

// insertBatch bounds the rows of one INSERT (and its parameters).
func insertBatch(cols int) int { return max(1, min(500, 30000/max(cols, 1))) }

// copyRows copies the table's rows and returns how many were read.
func (m *pgMigration) copyRows(ctx context.Context, src *sql.DB, p tablePlan) (int64, error) {
	q := `SELECT ` + strings.Join(p.exprs, ", ") + ` FROM ` + quoteIdent(p.table) // #nosec G202 -- names come from the schemas
	if p.byRow {
		q += ` ORDER BY rowid`
	}
	rows, err := src.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	batch := make([]any, 0, insertBatch(len(p.cols))*len(p.cols))
	for rows.Next() {
		vals, err := m.readRow(rows, p)
		if err != nil {
			return n, err
		}
		n++
		if batch = append(batch, vals...); len(batch) == cap(batch) {
			if err := m.insert(ctx, p, batch); err != nil {
				return n, err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, m.insert(ctx, p, batch)
}

// readRow scans one row and converts its values to the PostgreSQL types.
func (m *pgMigration) readRow(rows *sql.Rows, p tablePlan) ([]any, error) {
	vals := make([]any, len(p.cols))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, c := range p.cols {
		v, err := pgValue(vals[i], c.dataType)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.name, err)
		}
		vals[i] = v
	}
	for _, i := range p.holdID {
		if id, ok := vals[i].(int64); ok {
			key := p.table + "." + p.cols[i].name
			m.idMax[key] = max(m.idMax[key], id)
		}
	}
	return vals, nil
}

// insert writes a batch of rows (len(p.cols) values each).
func (m *pgMigration) insert(ctx context.Context, p tablePlan, vals []any) error {
	if len(vals) == 0 {
		return nil
	}
	names := make([]string, len(p.cols))
	for i, c := range p.cols {
		names[i] = quoteIdent(c.name)
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(p.cols)), ", ") + ")"
	n := len(vals) / len(p.cols)
	q := `INSERT INTO ` + quoteIdent(p.table) + ` (` + strings.Join(names, ", ") + `) VALUES ` + // #nosec G202 -- names come from the schemas
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	if _, err := m.tx.ExecContext(ctx, q, vals...); err != nil {
		return err
	}
	return nil
}

// pgValue converts a value read from SQLite to the PostgreSQL column type:
// SQLite INTEGER to BIGINT, REAL to DOUBLE PRECISION, BLOB to BYTEA. A value
// that does not fit its column is an error, never rounded or dropped.
func pgValue(v any, dataType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch dataType {
	case "bigint", "integer", "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				return int64(x), nil
			}
		}
	case "double precision", "real":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case "text":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	default:
		return nil, fmt.Errorf("unsupported PostgreSQL type %s", dataType)
	}
	return nil, fmt.Errorf("a %T value does not fit a %s column", v, dataType)
}

// sqliteTables lists a SQLite database's tables.
func sqliteTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: list tables: %w", err)
	}
	return collect(rows, "migrate: list tables", func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
}

// sqliteColumns lists a SQLite table's columns.
func sqliteColumns(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: columns of %s: %w", table, err)
	}
	return collect(rows, "migrate: columns of "+table, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
}
