package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// The application role owns a fresh, empty database and cannot bypass
// row-level security.
func TestURL(t *testing.T) {
	ctx := context.Background()
	for range 2 {
		c, err := pgx.Connect(ctx, URL(t))
		if err != nil {
			t.Fatal(err)
		}
		var super, bypass bool
		var tables int
		if err := c.QueryRow(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super, &bypass); err != nil {
			t.Fatal(err)
		}
		if super || bypass {
			t.Errorf("application role: superuser %v, bypassrls %v; want neither", super, bypass)
		}
		if _, err := c.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != 1 {
			t.Errorf("%d tables in a new database after one CREATE TABLE, want 1", tables)
		}
		_ = c.Close(ctx)
	}
}
