package store

import (
	"context"
	"database/sql"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"

	"github.com/fortfolio/fortfolio/server/audit"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// openPostgresTest opens a store on a fresh PostgreSQL database.
func openPostgresTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir(), WithDatabase(pgtest.URL(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestRowLevelSecurity proves the isolation holds below the store's own
// WHERE clauses: statements scoped to alice that name no owner at all see
// and change alice's rows only, and unscoped ones see none.
func TestRowLevelSecurity(t *testing.T) {
	ctx := context.Background()
	s := openPostgresTest(t)
	now := time.Now()
	alice, bob := NewID(), NewID()
	pa, err := s.CreatePortfolio(ctx, alice, "Alice's", "", now)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := s.CreatePortfolio(ctx, bob, "Bob's", "", now)
	if err != nil {
		t.Fatal(err)
	}
	var super, bypass bool
	if err := s.db.QueryRowContext(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super, &bypass); err != nil {
		t.Fatal(err)
	}
	if super || bypass {
		t.Fatalf("the store connects as a role that can bypass row-level security (superuser %v, bypassrls %v)", super, bypass)
	}
	ids := func(db dbHandle) []string {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT id FROM portfolios ORDER BY id`) // deliberately unscoped
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(rows, "ids", func(r *sql.Rows) (string, error) {
			var id string
			return id, r.Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	asAlice := pgUserDB{db: s.db, user: alice}
	if got := ids(asAlice); !slices.Equal(got, []string{pa.ID}) {
		t.Errorf("alice's unscoped query sees %v, want only %s", got, pa.ID)
	}
	if got := ids(s.db); len(got) != 0 {
		t.Errorf("a query scoped to no user sees %v, want nothing", got)
	}
	res, err := asAlice.ExecContext(ctx, `UPDATE portfolios SET name = 'taken'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Errorf("alice's unscoped update changed %d rows, want 1", n)
	}
	if got, err := s.GetPortfolio(ctx, bob, pb.ID); err != nil || got.Name != "Bob's" {
		t.Errorf("bob's portfolio after alice's update: %+v, %v", got, err)
	}
	if _, err := asAlice.ExecContext(ctx, `INSERT INTO portfolios (owner_id, id, name, created_at, updated_at) VALUES (?, ?, 'planted', 0, 0)`, bob, NewID()); err == nil {
		t.Error("alice planted a row owned by bob")
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO portfolios (id, name, created_at, updated_at) VALUES (?, 'ownerless', 0, 0)`, NewID()); err == nil {
		t.Error("a statement scoped to no user inserted a row")
	}
	if _, err := s.GetPortfolio(ctx, alice, pb.ID); err != model.ErrNotFound {
		t.Errorf("alice reading bob's portfolio by id: %v, want ErrNotFound", err)
	}
}

// TestPostgresStats runs the usage statistics' upserts and aggregates.
func TestPostgresStats(t *testing.T) {
	ctx := context.Background()
	s := openPostgresTest(t)
	for range 2 {
		if err := s.AddStatsHit(ctx, model.StatsHit{Day: "2026-01-02", Path: "/", NewVisitor: true, NewPageVisitor: true,
			Dims: map[string]string{"browser": "Firefox"}}); err != nil {
			t.Fatal(err)
		}
	}
	days, err := s.StatsDays(ctx, "2026-01-01", "2026-01-31")
	if err != nil || len(days) != 1 || days[0].Views != 2 || days[0].Uniques != 2 {
		t.Fatalf("days %+v, %v", days, err)
	}
	top, err := s.StatsTopPages(ctx, "2026-01-01", "2026-01-31", 10)
	if err != nil || len(top) != 1 || top[0].Views != 2 {
		t.Fatalf("top pages %+v, %v", top, err)
	}
	dims, err := s.StatsTop(ctx, "browser", "2026-01-01", "2026-01-31", 10)
	if err != nil || len(dims) != 1 || dims[0].Views != 2 {
		t.Fatalf("top browsers %+v, %v", dims, err)
	}
	all, err := s.StatsExport(ctx, "2026-01-01", "2026-01-31")
	if err != nil || len(all) != 3 {
		t.Fatalf("export %+v, %v", all, err)
	}
}

// TestPostgresDeleteUser removes the account's rows from the per-user
// tables and leaves other accounts' rows.
func TestPostgresDeleteUser(t *testing.T) {
	ctx := context.Background()
	s := openPostgresTest(t)
	now := time.Now()
	var ids []string
	for _, name := range []string{"admin", "alice", "bob"} {
		u, err := s.CreateUser(ctx, name, "hash", "user", name == "admin", now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreatePortfolio(ctx, u.ID, "Main", "", now); err != nil {
			t.Fatal(err)
		}
		if err := s.SetWatchlist(ctx, u.ID, []string{"AAPL"}, now); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if err := s.DeleteUser(ctx, ids[1], ids[0]); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"portfolios": 0, "watchlist": 0} {
		var n int
		if err := (pgUserDB{db: s.db, user: ids[1]}).QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil || n != want {
			t.Errorf("%s rows of the deleted account: %d, %v", table, n, err)
		}
	}
	if got, err := s.ListPortfolios(ctx, ids[2]); err != nil || len(got) != 1 {
		t.Errorf("bob's portfolios after alice's deletion: %v, %v", got, err)
	}
}

// TestSharedRateBuckets: two stores on one database (two nodes) share a
// bucket: the burst is taken once across both, then the refill decides.
func TestSharedRateBuckets(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	var nodes []*Store
	for range 2 {
		s, err := Open(ctx, t.TempDir(), WithDatabase(url))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		nodes = append(nodes, s)
	}
	now := time.UnixMilli(1_700_000_000_000)
	limit, burst := rate.Limit(1), 3 // one token a second, three at once
	took := 0
	for i := range 6 {
		ok, wait, err := nodes[i%2].TakeToken(ctx, "login:alice", limit, burst, now)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			took++
		} else if wait <= 0 || wait > time.Second {
			t.Errorf("refusal %d: retry after %v, want within a second", i, wait)
		}
	}
	if took != burst {
		t.Fatalf("took %d tokens across two nodes at once, want the burst %d", took, burst)
	}
	if ok, _, err := nodes[0].TakeToken(ctx, "login:alice", limit, burst, now.Add(1500*time.Millisecond)); err != nil || !ok {
		t.Fatalf("after 1.5 s: %v, %v, want a refilled token", ok, err)
	}
	if ok, _, _ := nodes[1].TakeToken(ctx, "login:bob", limit, burst, now); !ok {
		t.Fatal("bob's bucket is not alice's")
	}
	// A fractional rate (10 a minute) refills by fractions of a token.
	slow := rate.Limit(10.0 / 60)
	for i := range 2 {
		if ok, _, _ := nodes[i].TakeToken(ctx, "login:carol", slow, 1, now.Add(time.Duration(i)*7*time.Second)); !ok {
			t.Fatalf("carol's token %d at 10/min, 7 s apart, was refused", i)
		}
	}
	if ok, wait, _ := nodes[0].TakeToken(ctx, "login:carol", slow, 1, now.Add(10*time.Second)); ok || wait < 1500*time.Millisecond || wait > 3*time.Second {
		t.Fatalf("carol 3 s after the second token: %v, retry after %v; want refused for about 2 s", ok, wait)
	}
	if err := nodes[1].ForgetBucket(ctx, "login:alice"); err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := nodes[0].TakeToken(ctx, "login:alice", limit, burst, now.Add(1500*time.Millisecond)); !ok {
		t.Fatal("a forgotten bucket starts full")
	}
}

// TestUnstorableText: keys, names and event text holding NUL or invalid
// UTF-8 (a name typed at sign-in) are handled on PostgreSQL, whose text
// refuses them: two such keys stay two buckets, a batch of refused logins
// still counts, and events are kept.
func TestUnstorableText(t *testing.T) {
	ctx := context.Background()
	s := openPostgresTest(t)
	now := time.UnixMilli(1_700_000_000_000)
	for _, key := range []string{"acct:\x00", "acct:\x00\x00", "acct:al\xffice", `acct:"x"`} {
		if ok, _, err := s.TakeToken(ctx, key, rate.Limit(1), 1, now); err != nil || !ok {
			t.Errorf("take %q: %v, %v; want its own full bucket", key, ok, err)
		}
		if err := s.ForgetBucket(ctx, key); err != nil {
			t.Errorf("forget %q: %v", key, err)
		}
	}
	// One unstorable name in a batch of refused logins loses nothing else.
	alice, err := s.CreateUser(ctx, "alice", "hash", "user", false, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddRefusedLogins(ctx, map[string]int{"alice": 2, "\x00": 1, "al\xffice": 1}); err != nil {
		t.Errorf("refused logins: %v", err)
	}
	if failed, err := s.RecordLoginSuccess(ctx, LoginScope{UserID: alice.ID}, now); err != nil || failed != 2 {
		t.Errorf("alice's failed attempts since her last login %d (%v), want 2", failed, err)
	}
	detail := "login_failure: a\x00b\xff" + strings.Repeat("é", 300)
	if err := s.AddSecurityEvent(ctx, model.SecurityEvent{Kind: "login_failure", Detail: detail}); err != nil {
		t.Fatalf("add event: %v", err)
	}
	if err := s.AddSecurityEvents(ctx, []model.SecurityEvent{{Kind: "login_refused", Detail: "\x00"}}); err != nil {
		t.Fatalf("add events: %v", err)
	}
	ev, err := s.ListSecurityEvents(ctx, "login_failure", time.Time{}, 10)
	if err != nil || len(ev) != 1 {
		t.Fatalf("list: %v, %d events", err, len(ev))
	}
	if got := ev[0].Detail; !strings.HasPrefix(got, "login_failure: a\uFFFDb\uFFFD\u00e9") || !utf8.ValidString(got) || len(got) > 512 {
		t.Errorf("stored detail %q (%d bytes), want NUL and the invalid byte replaced, cut on a rune within 512 bytes", got, len(got))
	}
}

// TestNodeCheckpoints: nodes sharing a database keep their audit logs'
// checkpoints apart, each under its own data directory's node id, which
// survives a restart.
func TestNodeCheckpoints(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	dirs := []string{t.TempDir(), t.TempDir()}
	open := func(dir string) *Store {
		s, err := Open(ctx, dir, WithDatabase(url))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := open(dirs[0]), open(dirs[1])
	at := time.Now().UTC()
	if err := a.SaveAuditCheckpoint(ctx, audit.Checkpoint{Entries: 10, Head: "aaa", At: at}); err != nil {
		t.Fatal(err)
	}
	if err := b.SaveAuditCheckpoint(ctx, audit.Checkpoint{Entries: 3, Head: "bbb", At: at}); err != nil {
		t.Fatal(err)
	}
	if cp, ok, err := b.AuditCheckpoint(ctx); err != nil || !ok || cp.Head != "bbb" || cp.Entries != 3 {
		t.Fatalf("node B's checkpoint: %+v %v %v (node A's log must not replace it)", cp, ok, err)
	}
	if err := b.DeleteAuditCheckpoints(ctx); err != nil {
		t.Fatal(err)
	}
	_ = a.Close()
	_ = b.Close()
	a = open(dirs[0])
	defer a.Close()
	if cp, ok, err := a.AuditCheckpoint(ctx); err != nil || !ok || cp.Head != "aaa" {
		t.Fatalf("node A's checkpoint after a restart and B's delete: %+v %v %v", cp, ok, err)
	}
}
