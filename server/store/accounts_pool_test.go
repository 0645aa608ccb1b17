package store

import (
	"context"
	"database/sql"
	"testing"
)

// TestAccountsPoolKeepsConnections holds as many accounts connections as
// concurrent requests use and gives them back: none is closed for being
// idle, so the next burst opens none. With database/sql's default of two
// idle connections, all but two were closed and reopened per burst.
func TestAccountsPoolKeepsConnections(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 2 {
		conns := make([]*sql.Conn, accountIdleConns)
		for i := range conns {
			if conns[i], err = s.db.Conn(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range conns {
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	st := s.db.Stats()
	if st.MaxIdleClosed != 0 || st.OpenConnections != accountIdleConns {
		t.Fatalf("accounts pool: %d closed as idle, %d open; want 0 and %d", st.MaxIdleClosed, st.OpenConnections, accountIdleConns)
	}
}
