package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// auditNode is one node on a shared PostgreSQL database: its store (own
// data directory, own node id) and its audit log publishing to the table.
type auditNode struct {
	st  *Store
	log *audit.Log
	dir string
}

var outboxKey = func() *audit.Key {
	k, err := audit.NewKey([]byte(strings.Repeat("a", 32)))
	if err != nil {
		panic(err)
	}
	return k
}()

func openAuditNode(t *testing.T, url, dir string, outbox func(audit.Outbox) audit.Outbox) auditNode {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, dir, WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	o := st.AuditOutbox()
	if outbox != nil {
		o = outbox(o)
	}
	lg, err := audit.Open(ctx, filepath.Join(dir, "audit"), audit.WithKey(outboxKey), audit.WithOutbox(o))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lg.Close() })
	return auditNode{st: st, log: lg, dir: dir}
}

// tableRow is a row of audit_outbox as the tests read it.
type tableRow struct {
	position, seq int64
	node, line    string
}

func readAuditTable(t *testing.T, s *Store) []tableRow {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), `SELECT position, seq, node_id, line FROM audit_outbox ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []tableRow
	for rows.Next() {
		var r tableRow
		if err := rows.Scan(&r.position, &r.seq, &r.node, &r.line); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// fileLines returns a log directory's lines, oldest first.
func fileLines(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := audit.Records(context.Background(), filepath.Join(dir, "audit"), 0, func(recs []audit.Record) error {
		for _, r := range recs {
			out = append(out, string(r.Line))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAuditOutboxOneOrder: two nodes appending concurrently on one
// database give one order: unique, increasing positions, each node's
// entries in its seq order without gaps, every line of both logs in the
// table, and the table verifies.
func TestAuditOutboxOneOrder(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	a := openAuditNode(t, url, t.TempDir(), nil)
	b := openAuditNode(t, url, t.TempDir(), nil)
	if a.st.NodeID() == b.st.NodeID() {
		t.Fatal("two data directories share a node id")
	}
	const writers, each = 4, 15
	var wg sync.WaitGroup
	for _, n := range []auditNode{a, b} {
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					e := audit.Entry{Actor: n.st.NodeID(), Action: audit.ActionLoginSuccess, Target: fmt.Sprintf("w%d-%d", w, i)}
					if err := n.log.Append(ctx, e); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	rows := readAuditTable(t, a.st)
	next := map[string]int64{}
	lines := map[string][]string{}
	for i, r := range rows {
		if i > 0 && r.position <= rows[i-1].position {
			t.Fatalf("position %d after %d", r.position, rows[i-1].position)
		}
		if r.seq != next[r.node]+1 {
			t.Fatalf("node %s: entry %d at position %d follows entry %d", r.node, r.seq, r.position, next[r.node])
		}
		next[r.node] = r.seq
		lines[r.node] = append(lines[r.node], r.line)
	}
	for _, n := range []auditNode{a, b} {
		want := fileLines(t, n.dir)
		if len(want) != writers*each {
			t.Errorf("node %s wrote %d lines, want %d", n.st.NodeID(), len(want), writers*each)
		}
		if !slices.Equal(lines[n.st.NodeID()], want) {
			t.Errorf("node %s: the table holds %d lines, its log %d, or they differ", n.st.NodeID(), len(lines[n.st.NodeID()]), len(want))
		}
	}
	res, err := b.st.VerifyAuditTable(ctx, outboxKey)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || res.Entries != 2*writers*each || res.Authenticated != res.Entries {
		t.Fatalf("verify: %+v %+v", res, res.Broken)
	}
	// Every node's query sees both nodes' entries.
	page, err := b.st.QueryAudit(ctx, audit.Filter{Actor: a.st.NodeID(), Limit: audit.MaxLimit})
	if err != nil || len(page.Entries) != writers*each {
		t.Fatalf("node B's query for node A's entries: %d, %v", len(page.Entries), err)
	}
}

// TestAuditQueryMatchesFiles: on one node, the table answers every filter
// exactly as the files do.
func TestAuditQueryMatchesFiles(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := day
	st, err := Open(ctx, t.TempDir(), WithDatabase(pgtest.URL(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := filepath.Join(st.DataDir(), "audit")
	lg, err := audit.Open(ctx, dir, audit.WithKey(outboxKey), audit.WithOutbox(st.AuditOutbox()), audit.WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	actions := []string{audit.ActionLoginSuccess, audit.ActionLoginFailure, audit.ActionPortfolioCreate, "admin.user.lock"}
	for i := range 40 {
		clock = day.Add(time.Duration(i) * 3 * time.Hour) // several day files, with their checkpoints
		e := audit.Entry{Actor: []string{"alice", "bob", "carol"}[i%3], Action: actions[i%len(actions)], Target: fmt.Sprint(i)}
		if err := lg.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []audit.Filter{
		{},
		{Actor: "bob"},
		{Action: "auth.*"},
		{Action: "auth.login.failure", Actor: "alice"},
		{Action: "audit.*"},
		{Since: day.AddDate(0, 0, 2), Until: day.AddDate(0, 0, 4)},
		{Limit: 7, Offset: 5},
		{Limit: 3, Offset: 38},
		{Actor: "carol", Limit: 2, Offset: 1},
	} {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			want, err := audit.Query(ctx, dir, f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.QueryAudit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got.HasMore != want.HasMore || len(got.Entries) != len(want.Entries) {
				t.Fatalf("table: %d entries (more %v), files: %d (more %v)", len(got.Entries), got.HasMore, len(want.Entries), want.HasMore)
			}
			for i := range want.Entries {
				if got.Entries[i].Hash != want.Entries[i].Hash {
					t.Fatalf("entry %d: table %s, files %s", i, got.Entries[i].Hash, want.Entries[i].Hash)
				}
			}
		})
	}
}

// TestAuditOutboxAppendOnly: the nodes' role cannot change or remove a
// row of the table, however it tries.
func TestAuditOutboxAppendOnly(t *testing.T) {
	ctx := context.Background()
	n := openAuditNode(t, pgtest.URL(t), t.TempDir(), nil)
	if err := n.log.Append(ctx, audit.Entry{Actor: "alice", Action: audit.ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit_outbox SET actor = 'mallory'`,
		`UPDATE audit_outbox SET line = line WHERE FALSE`,
		`DELETE FROM audit_outbox`,
		`DELETE FROM audit_outbox WHERE FALSE`,
		`TRUNCATE audit_outbox`,
		`INSERT INTO audit_outbox (position, node_id, seq, at_ns, actor, action, prev, hash, line) VALUES (1, 'x', 5, 0, '', '', '', '', '')`,
	} {
		if _, err := n.st.db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: accepted", stmt)
		}
	}
	if rows := readAuditTable(t, n.st); len(rows) != 1 || !strings.Contains(rows[0].line, `"actor":"alice"`) {
		t.Fatalf("rows after the attempts: %+v", rows)
	}
}

// TestAuditTableTampering: a row changed by someone past every privilege
// and trigger (a superuser) makes the verification fail at that row.
func TestAuditTableTampering(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		reason     string
	}{
		{"actor column", `UPDATE audit_outbox SET actor = 'mallory' WHERE position = %d`, "does not match its line"},
		{"line text", `UPDATE audit_outbox SET line = replace(line, '"alice"', '"mallory"') WHERE position = %d`, "hash mismatch"},
		{"row deleted", `DELETE FROM audit_outbox WHERE position = %d`, "rows missing"},
		{"line of another entry", `UPDATE audit_outbox SET line = (SELECT line FROM audit_outbox o WHERE o.position = audit_outbox.position + 1) WHERE position = %d`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			url := pgtest.URL(t)
			n := openAuditNode(t, url, t.TempDir(), nil)
			for i := range 5 {
				if err := n.log.Append(ctx, audit.Entry{Actor: "alice", Action: audit.ActionLoginSuccess, Target: fmt.Sprint(i)}); err != nil {
					t.Fatal(err)
				}
			}
			if res, err := n.st.VerifyAuditTable(ctx, outboxKey); err != nil || !res.OK {
				t.Fatalf("before: %+v %v", res, err)
			}
			rows := readAuditTable(t, n.st)
			target := rows[2].position
			if err := pgtest.AsSuperuser(t, url, "SET session_replication_role = replica; "+fmt.Sprintf(tc.stmt, target)); err != nil {
				t.Fatal(err)
			}
			res, err := n.st.VerifyAuditTable(ctx, outboxKey)
			if err != nil {
				t.Fatal(err)
			}
			want := target
			if tc.name == "row deleted" {
				want = rows[3].position // the first row after the gap
			}
			if res.OK || res.Broken == nil || res.Broken.Position != want || res.Broken.Node != n.st.NodeID() || !strings.Contains(res.Broken.Reason, tc.reason) {
				t.Fatalf("after tampering: ok %v, broken %+v; want position %d", res.OK, res.Broken, want)
			}
		})
	}
}

// failingOutbox loses every insert while down is set: a node killed
// between its local fsync and the insert leaves its lines on disk only.
type failingOutbox struct {
	audit.Outbox
	mu   sync.Mutex
	down bool
}

func (f *failingOutbox) Insert(ctx context.Context, recs []audit.Record) error {
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		return errors.New("connection lost")
	}
	return f.Outbox.Insert(ctx, recs)
}

func (f *failingOutbox) set(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

// TestAuditOutboxCatchUp: lines fsynced locally but never inserted are
// inserted when the node starts again, and by the next batch of a node
// that keeps running.
func TestAuditOutboxCatchUp(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	dir := t.TempDir()
	lost := &failingOutbox{}
	n := openAuditNode(t, url, dir, func(o audit.Outbox) audit.Outbox { lost.Outbox = o; return lost })
	if err := n.log.Append(ctx, audit.Entry{Actor: "alice", Action: audit.ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	lost.set(true)
	for i := range 3 {
		err := n.log.Append(ctx, audit.Entry{Actor: "bob", Action: audit.ActionLoginSuccess, Target: fmt.Sprint(i)})
		if !errors.Is(err, audit.ErrNotPublished) {
			t.Fatalf("append while the table is unreachable: %v, want ErrNotPublished", err)
		}
	}
	if got := len(readAuditTable(t, n.st)); got != 1 {
		t.Fatalf("%d rows while the inserts fail, want 1", got)
	}
	// The next batch of the running node inserts what is missing first.
	lost.set(false)
	if err := n.log.Append(ctx, audit.Entry{Actor: "carol", Action: audit.ActionLoginSuccess}); err != nil {
		t.Fatal(err)
	}
	if got, want := len(readAuditTable(t, n.st)), len(fileLines(t, dir)); got != want || got != 5 {
		t.Fatalf("%d rows after the next batch, the log has %d", got, want)
	}
	// A node that stops with lines not inserted inserts them at start.
	lost.set(true)
	if err := n.log.Append(ctx, audit.Entry{Actor: "dave", Action: audit.ActionLoginSuccess}); !errors.Is(err, audit.ErrNotPublished) {
		t.Fatal(err)
	}
	if err := n.log.Close(); err != nil {
		t.Fatal(err)
	}
	_ = n.st.Close()
	again := openAuditNode(t, url, dir, nil)
	rows := readAuditTable(t, again.st)
	if want := fileLines(t, dir); len(rows) != len(want) || rows[len(rows)-1].line != want[len(want)-1] {
		t.Fatalf("%d rows after the restart, the log has %d", len(rows), len(want))
	}
	if res, err := again.st.VerifyAuditTable(ctx, outboxKey); err != nil || !res.OK || res.Entries != 6 {
		t.Fatalf("verify after the restart: %+v %v", res, err)
	}
}

// TestMigrateLoadsAuditLog: moving a SQLite installation to PostgreSQL
// puts its whole audit log into the shared table under the data
// directory's node id.
func TestMigrateLoadsAuditLog(t *testing.T) {
	ctx := context.Background()
	in := newSQLiteInstall(t)
	lg, err := audit.Open(ctx, filepath.Join(in.dir, "audit"), audit.WithKey(outboxKey))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1200 { // more than one insert's worth
		if err := lg.Append(ctx, audit.Entry{Actor: in.alice, Action: audit.ActionLoginSuccess, Target: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	_ = lg.Close()
	url := pgtest.URL(t)
	rep, err := MigrateSQLiteToPostgres(ctx, in.dir, url)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rep.Tables, TableRows{Table: "audit_outbox", Rows: 1200}) {
		t.Errorf("report: %+v", rep.Tables)
	}
	st, err := Open(ctx, in.dir, WithDatabase(url))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows := readAuditTable(t, st)
	want := fileLines(t, in.dir)
	for i, r := range rows {
		if r.node != st.NodeID() || r.line != want[i] {
			t.Fatalf("row %d: node %s, line differs: %v", i, r.node, r.line != want[i])
		}
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, the log has %d lines", len(rows), len(want))
	}
	if res, err := st.VerifyAuditTable(ctx, outboxKey); err != nil || !res.OK || res.Entries != 1200 {
		t.Fatalf("verify: %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(in.dir, "audit")); err != nil {
		t.Fatal("the audit files must stay: ", err)
	}
}
