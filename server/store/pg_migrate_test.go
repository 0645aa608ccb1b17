package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// sqliteInstall is a SQLite data directory with two accounts and their
// data, written through the store.
type sqliteInstall struct {
	dir          string
	alice, bob   string
	portfolioIDs map[string][]string // by user
}

func newSQLiteInstall(t *testing.T) sqliteInstall {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := sqliteInstall{dir: dir, portfolioIDs: map[string][]string{}}
	for i, name := range []string{"alice", "bob"} {
		u, err := s.CreateUser(ctx, name, "hash-"+name, "user", true, t0)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			in.alice = u.ID
		} else {
			in.bob = u.ID
		}
		p, err := s.CreatePortfolioIn(ctx, u.ID, name+"'s", "note", "EUR", t0)
		if err != nil {
			t.Fatal(err)
		}
		in.portfolioIDs[u.ID] = append(in.portfolioIDs[u.ID], p.ID)
		dep := sampleTx("deposit", "2010-01-04", 0)
		dep.Ticker, dep.Quantity, dep.Price, dep.Fee, dep.Amount, dep.Currency, dep.Basis = "", 0, 0, 0, 5000, "USD", ""
		txs := []model.Transaction{dep, sampleTx("buy", "2010-01-05", 3), sampleTx("buy", "2010-01-05", 2), sampleTx("sell", "2010-02-01", 1)}
		if _, err := s.AddTransactions(ctx, u.ID, p.ID, txs, t0, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAlertRule(ctx, u.ID, wire.AlertRuleInput{Name: "drop", Kind: "price_below", Ticker: "AAPL", Threshold: 9.5, Channels: []string{"inbox"}}, t0); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if err := s.AddSecurityEvent(ctx, model.SecurityEvent{At: t0.Add(time.Duration(i) * time.Minute), Kind: "login_failed", UserID: in.alice, IP: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveAuditCheckpoint(ctx, audit.Checkpoint{Entries: 3, Head: "abc", At: t0, Sig: "sig"}); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestMigrateSQLiteToPostgres(t *testing.T) {
	ctx := context.Background()
	in := newSQLiteInstall(t)
	src, err := Open(ctx, in.dir)
	if err != nil {
		t.Fatal(err)
	}
	type userData struct {
		portfolios []model.Portfolio
		txs        [][]model.Transaction
		rules      []model.AlertRule
	}
	read := func(s *Store) map[string]userData {
		t.Helper()
		out := map[string]userData{}
		for _, u := range []string{in.alice, in.bob} {
			var d userData
			if d.portfolios, err = s.ListPortfolios(ctx, u); err != nil {
				t.Fatal(err)
			}
			for _, p := range d.portfolios {
				txs, err := s.ListTransactions(ctx, u, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				d.txs = append(d.txs, txs)
			}
			if d.rules, err = s.ListAlertRules(ctx, u); err != nil {
				t.Fatal(err)
			}
			out[u] = d
		}
		return out
	}
	want := read(src)
	wantEvents, err := src.ListSecurityEvents(ctx, "", time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	_ = src.Close()

	url := pgtest.URL(t)
	rep, err := MigrateSQLiteToPostgres(ctx, in.dir, url)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Users != 2 || len(rep.Skipped) != 0 {
		t.Errorf("report: %d users, skipped %v", rep.Users, rep.Skipped)
	}
	counts := map[string]int64{}
	for _, tr := range rep.Tables {
		counts[tr.Table] = tr.Rows
	}
	for table, n := range map[string]int64{"users": 2, "security_events": 3, "audit_checkpoints": 1, "portfolios": 2, "transactions": 8, "alert_rules": 2} {
		if counts[table] != n {
			t.Errorf("report: %s has %d rows, want %d (%v)", table, counts[table], n, rep.Tables)
		}
	}

	// The moved data directory is the node whose audit checkpoint moved.
	dst, err := Open(ctx, in.dir, WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if got := read(dst); !reflect.DeepEqual(got, want) {
		t.Errorf("migrated data differs:\n got %+v\nwant %+v", got, want)
	}
	gotEvents, err := dst.ListSecurityEvents(ctx, "", time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotEvents, wantEvents) {
		t.Errorf("security events differ:\n got %+v\nwant %+v", gotEvents, wantEvents)
	}
	if cp, ok, err := dst.AuditCheckpoint(ctx); err != nil || !ok || cp.Entries != 3 || cp.Head != "abc" || cp.Sig != "sig" {
		t.Errorf("audit checkpoint: %+v %v %v", cp, ok, err)
	}
	other, err := Open(ctx, t.TempDir(), WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if cp, ok, err := other.AuditCheckpoint(ctx); err != nil || ok {
		t.Errorf("a new node finds the moved node's audit checkpoint as its own: %+v %v %v", cp, ok, err)
	}

	// New rows get ids after the copied ones.
	p := want[in.alice].portfolios[0]
	added, err := dst.AddTransactions(ctx, in.alice, p.ID, []model.Transaction{sampleTx("buy", "2010-03-01", 1)}, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := want[in.bob].txs[0]
	if added[0].Seq <= last[len(last)-1].Seq {
		t.Errorf("new transaction has Seq %d, not after the copied %d", added[0].Seq, last[len(last)-1].Seq)
	}
	if err := dst.AddSecurityEvent(ctx, model.SecurityEvent{At: t0, Kind: "login_failed"}); err != nil {
		t.Errorf("new security event collides with the copied ones: %v", err)
	}
	if _, err := dst.CreatePortfolio(ctx, in.bob, "second", "", t0); err != nil {
		t.Errorf("new portfolio: %v", err)
	}
}

// TestMigrateRefusesNonEmptyTarget: a second migration into the same
// database is refused and changes nothing.
func TestMigrateRefusesNonEmptyTarget(t *testing.T) {
	ctx := context.Background()
	in := newSQLiteInstall(t)
	url := pgtest.URL(t)
	first, err := MigrateSQLiteToPostgres(ctx, in.dir, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MigrateSQLiteToPostgres(ctx, in.dir, url); !errors.Is(err, ErrTargetNotEmpty) {
		t.Fatalf("second migration: %v, want ErrTargetNotEmpty", err)
	}
	dst, err := Open(ctx, t.TempDir(), WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, tr := range first.Tables {
		n := tableRows(t, dst, tr.Table, in.alice, in.bob)
		if n != tr.Rows {
			t.Errorf("%s has %d rows after the refused migration, want %d", tr.Table, n, tr.Rows)
		}
	}
}

// tableRows counts a table's rows on PostgreSQL, summed over users for the
// per-user tables.
func tableRows(t *testing.T, s *Store, table string, users ...string) int64 {
	t.Helper()
	ctx := context.Background()
	scopes := []string{""}
	for _, u := range pgUserTables {
		if u == table {
			scopes = users
		}
	}
	var total int64
	for _, u := range scopes {
		n, err := countRows(withUser(ctx, u), s.db, table)
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	return total
}

// TestMigrateOddDataDirs: what the copy cannot take whole is an error
// before anything is written, or is reported; never a panic.
func TestMigrateOddDataDirs(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		damage  func(t *testing.T, in sqliteInstall)
		wantErr string // "" = migrates
		skipped []string
	}{
		{name: "stray entries in users/", damage: func(t *testing.T, in sqliteInstall) {
			mustMkdir(t, filepath.Join(in.dir, "users", "not an id"))
			mustMkdir(t, filepath.Join(in.dir, "users", "NoSuchAccount"))
			if err := os.WriteFile(filepath.Join(in.dir, "users", "notes.txt"), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, skipped: []string{"users/NoSuchAccount: no account has this id", `users/"not an id": not an account folder`, `users/"notes.txt": not an account folder`}},
		{name: "missing portfolio database", damage: func(t *testing.T, in sqliteInstall) {
			if err := os.Remove(filepath.Join(in.dir, "users", in.bob, "portfolio.db")); err != nil {
				t.Fatal(err)
			}
		}, wantErr: "was created once but is missing"},
		{name: "portfolio database is a symlink", damage: func(t *testing.T, in sqliteInstall) {
			path := filepath.Join(in.dir, "users", in.bob, "portfolio.db")
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(in.dir, "users", in.alice, "portfolio.db"), path); err != nil {
				t.Fatal(err)
			}
		}, wantErr: "is not a regular file"},
		{name: "portfolio database is not SQLite", damage: func(t *testing.T, in sqliteInstall) {
			for _, suffix := range []string{"-wal", "-shm"} {
				_ = os.Remove(filepath.Join(in.dir, "users", in.bob, "portfolio.db"+suffix))
			}
			if err := os.WriteFile(filepath.Join(in.dir, "users", in.bob, "portfolio.db"), []byte("not a database at all, just text"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, wantErr: "not a database"},
		{name: "no accounts database", damage: func(t *testing.T, in sqliteInstall) {
			if err := os.Remove(filepath.Join(in.dir, "fortfolio.db")); err != nil {
				t.Fatal(err)
			}
		}, wantErr: "no SQLite accounts database"},
		{name: "column unknown to PostgreSQL", damage: func(t *testing.T, in sqliteInstall) {
			execSQLite(t, filepath.Join(in.dir, "users", in.bob, "portfolio.db"), `ALTER TABLE transactions ADD COLUMN extra TEXT`)
		}, wantErr: "column transactions.extra has no PostgreSQL counterpart"},
		{name: "table unknown to PostgreSQL", damage: func(t *testing.T, in sqliteInstall) {
			execSQLite(t, filepath.Join(in.dir, "fortfolio.db"), `CREATE TABLE extra (x TEXT)`)
		}, wantErr: "SQLite table extra has no PostgreSQL counterpart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newSQLiteInstall(t)
			tt.damage(t, in)
			url := pgtest.URL(t)
			rep, err := MigrateSQLiteToPostgres(ctx, in.dir, url)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(rep.Skipped, tt.skipped) {
					t.Errorf("skipped %q, want %q", rep.Skipped, tt.skipped)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			dst, err := Open(ctx, t.TempDir(), WithDatabase(url))
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			for _, table := range []string{"users", "security_events", "portfolios", "transactions"} {
				if n := tableRows(t, dst, table, in.alice, in.bob); n != 0 {
					t.Errorf("the failed migration left %d rows in %s", n, table)
				}
			}
		})
	}
}

// TestMigrateOldPortfolioSchema: a portfolio database not opened since an
// upgrade is migrated in a copy; the source file is not written.
func TestMigrateOldPortfolioSchema(t *testing.T) {
	ctx := context.Background()
	in := newSQLiteInstall(t)
	path := filepath.Join(in.dir, "users", in.bob, "portfolio.db")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	old, err := openDB(ctx, path, "FULL", portfolioMigrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, `INSERT INTO portfolios (id, name, created_at, updated_at) VALUES ('P1', 'old', 1, 2);
		INSERT INTO transactions (id, portfolio_id, kind, date, ticker, quantity, price, created_at) VALUES ('T1', 'P1', 'buy', '2010-01-04', 'AAPL', 2, 10, 3)`); err != nil {
		t.Fatal(err)
	}
	_ = old.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	url := pgtest.URL(t)
	if _, err := MigrateSQLiteToPostgres(ctx, in.dir, url); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the source portfolio database was written")
	}
	if tmp, _ := filepath.Glob(filepath.Join(in.dir, ".migrate-*")); len(tmp) != 0 {
		t.Errorf("temporary copies left behind: %v", tmp)
	}
	dst, err := Open(ctx, t.TempDir(), WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	txs, err := dst.ListTransactions(ctx, in.bob, "P1")
	if err != nil || len(txs) != 1 || txs[0].Basis != "adjusted" || txs[0].Quantity != 2 {
		t.Fatalf("old transactions after the migration: %+v %v", txs, err)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}

func execSQLite(t *testing.T, path, query string) {
	t.Helper()
	db, err := openDB(context.Background(), path, "FULL", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), query); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateKeepsBlobsNullsAndRowids: BLOB bytes (NUL and high bytes
// included), NULLs, REAL values and rowids arrive unchanged.
func TestMigrateKeepsBlobsNullsAndRowids(t *testing.T) {
	ctx := context.Background()
	in := newSQLiteInstall(t)
	execSQLite(t, filepath.Join(in.dir, "fortfolio.db"), `INSERT INTO mfa_totp (user_id, secret, confirmed, created_at) VALUES ('`+in.alice+`', x'00ff10', 1, 5);
		INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, device_key) VALUES ('S1', '`+in.alice+`', 1, 2, 3, NULL);
		INSERT INTO notifications (rowid, id, user_id, kind, message, created_at) VALUES (7, 'N7', '`+in.bob+`', 'k', 'm', 1);
		INSERT INTO notifications (rowid, id, user_id, kind, message, created_at) VALUES (3, 'N3', '`+in.bob+`', 'k', 'm', 1)`)
	url := pgtest.URL(t)
	if _, err := MigrateSQLiteToPostgres(ctx, in.dir, url); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, t.TempDir(), WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	var secret, key []byte
	if err := dst.db.QueryRowContext(ctx, `SELECT secret FROM mfa_totp`).Scan(&secret); err != nil || string(secret) != "\x00\xff\x10" {
		t.Errorf("secret %x %v", secret, err)
	}
	if err := dst.db.QueryRowContext(ctx, `SELECT device_key FROM sessions WHERE id = 'S1'`).Scan(&key); err != nil || key != nil {
		t.Errorf("NULL device key came back as %x %v", key, err)
	}
	rows, err := dst.db.QueryContext(ctx, `SELECT id FROM notifications ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := collect(rows, "ids", func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil || strings.Join(ids, ",") != "N3,N7" {
		t.Errorf("notifications in rowid order: %v %v", ids, err)
	}
	var threshold float64
	if err := dst.db.QueryRowContext(withUser(ctx, in.alice), `SELECT threshold FROM alert_rules`).Scan(&threshold); err != nil || threshold != 9.5 {
		t.Errorf("threshold %v %v", threshold, err)
	}
	// The notifications sequence continues after the copied rowid 7.
	var next int64
	if err := dst.db.QueryRowContext(ctx, `INSERT INTO notifications (id, user_id, kind, message, created_at) VALUES ('N8', ?, 'k', 'm', 2) RETURNING rowid`, in.bob).Scan(&next); err != nil || next <= 7 {
		t.Errorf("new notification rowid %d %v", next, err)
	}
}
