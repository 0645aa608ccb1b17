package storetest

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// TestScanDBFindsNeedles: a needle anywhere in any table is reported, and
// the counts show what was read.
func TestScanDBFindsNeedles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE a (x TEXT, y INTEGER)`, `CREATE TABLE b (z BLOB)`,
		`INSERT INTO a VALUES ('hello 10.0.0.7 there', 42), ('clean', 1)`, `INSERT INTO b VALUES (CAST('ua-probe' AS BLOB))`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := ScanDB(t, path, "10.0.0.7", "ua-probe", "absent")
	if s.Tables != 2 || s.Cells != 5 || !slices.Equal(s.Found, []string{"a: 10.0.0.7", "b: ua-probe"}) {
		t.Fatalf("scan = %+v", s)
	}
}
