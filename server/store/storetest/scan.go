// Package storetest is test support for Fortfolio's databases: it
// reads every cell of every table, so privacy tests can prove a value (an
// address, a User-Agent, a hash) was never stored anywhere.
package storetest

import (
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver ("pgx")
	_ "modernc.org/sqlite"             // the SQLite driver the store uses
)

// Scan is the result of scanning one database.
type Scan struct {
	// Tables and Cells count what was read, so a test can tell an empty
	// database from a clean one.
	Tables, Cells int
	// Found lists "table: needle" for every cell holding a needle.
	Found []string
}

// tableName is what a table of Fortfolio's schemas may be called.
var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ScanDB opens the database at path read-only and looks for each needle in
// every cell of every table.
func ScanDB(t testing.TB, path string, needles ...string) Scan {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return scanTables(t, db, `SELECT name FROM sqlite_master WHERE type = 'table'`, needles)
}

// ScanPostgres is ScanDB for the PostgreSQL database at url: every table
// of the public schema that the connecting role can see. (Per-user tables
// show no rows to a connection scoped to no user: row-level security.)
func ScanPostgres(t testing.TB, url string, needles ...string) Scan {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return scanTables(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`, needles)
}

func scanTables(t testing.TB, db *sql.DB, listTables string, needles []string) Scan {
	t.Helper()
	var s Scan
	for _, table := range cells(t, db, listTables) {
		if !tableName.MatchString(table) {
			t.Fatalf("unexpected table name %q", table)
		}
		s.Tables++
		for _, cell := range cells(t, db, `SELECT * FROM "`+table+`"`) { // #nosec G202 -- a checked name from the catalogue
			s.Cells++
			for _, n := range needles {
				if strings.Contains(cell, n) {
					s.Found = append(s.Found, table+": "+n)
				}
			}
		}
	}
	return s
}

// cells returns every cell of a query as text.
func cells(t testing.TB, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			out = append(out, fmt.Sprint(v))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
