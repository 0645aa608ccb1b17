package api_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/txaudit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestTransactionWriteWaitsForOneFlush: at one client a transaction write
// is acknowledged after one disk flush, its portfolio commit's; the audit
// line is written (with its outbox reference and the new transaction's
// id) but fsynced later, and a refused write leaves neither a pending
// entry nor a line. Before the outbox a write waited for two.
func TestTransactionWriteWaitsForOneFlush(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite only: on PostgreSQL the entry is appended and fsynced after the commit (docs/audit.md)")
	}
	ts := newTestServer(t, testOptions{auditSyncDelay: time.Hour})
	ctx := context.Background()
	tok, uid := ts.registerAndLogin("oneflush", goodPassword)
	f := &analyticsFixture{ts: ts}
	folio := f.createPortfolio(tok, "Main", []wire.TransactionInput{{Date: "2015-06-01", Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 127.5}})
	p := ts.Platform
	if err := p.Audit.Sync(ctx); err != nil { // the first write's line and deletion out of the way
		t.Fatal(err)
	}
	wal, _ := p.Store.WALFlushes(ctx, uid)
	logSyncs := p.Audit.Syncs()

	r := ts.do("POST", "/api/portfolios/"+folio+"/transactions", tok, wire.TransactionInput{Date: "2015-06-02", Kind: "buy", Ticker: "AAPL", Quantity: 2, Price: 128})
	expect(t, r, http.StatusCreated)
	var added wire.Transaction
	decode(t, r, &added)

	walAfter, _ := p.Store.WALFlushes(ctx, uid)
	if got := walAfter - wal; got != 1 {
		t.Errorf("%d flushes of the portfolio database for one write, want 1", got)
	}
	if got := p.Audit.Syncs() - logSyncs; got != 0 {
		t.Errorf("%d fsyncs of the audit log before the write was acknowledged, want 0", got)
	}
	e := lastAudit(t, ts, audit.ActionTransactionCreate)
	if e.Details["transaction"] != added.ID || e.Details[txaudit.RefKey] == "" || e.Actor != uid {
		t.Fatalf("audit line of the write: %+v (transaction %s)", e, added.ID)
	}
	if pending, err := p.Store.AuditPending(ctx, uid); err != nil || len(pending) != 1 {
		t.Fatalf("pending entries before the line's fsync: %d %v, want 1", len(pending), err)
	}

	lines := auditCount(t, ts, audit.ActionTransactionCreate)
	r = ts.do("POST", "/api/portfolios/"+folio+"/transactions", tok, wire.TransactionInput{Date: "2015-06-03", Kind: "sell", Ticker: "AAPL", Quantity: 50, Price: 128})
	if r.Status < 400 || r.Status >= 500 {
		t.Fatalf("oversold sale: %d %s", r.Status, r.Body)
	}
	if got := auditCount(t, ts, audit.ActionTransactionCreate); got != lines {
		t.Errorf("a refused write left a line: %d lines, had %d", got, lines)
	}
	if err := p.Audit.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	waitPending(t, ts, uid, 0)
}

// lastAudit returns the newest entry of action.
func lastAudit(t *testing.T, ts *testServer, action string) audit.Entry {
	t.Helper()
	page, err := audit.Query(context.Background(), filepath.Join(ts.DataDir, "audit"), audit.Filter{Action: action, Limit: 1})
	if err != nil || len(page.Entries) == 0 {
		t.Fatalf("no %s entry: %v", action, err)
	}
	return page.Entries[0]
}

// waitPending waits until uid has n pending audit entries (they are
// deleted in the background once their lines are on the disk).
func waitPending(t *testing.T, ts *testServer, uid string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pending, err := ts.Platform.Store.AuditPending(context.Background(), uid)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pending audit entries, want %d", len(pending), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
