package platform

import (
	"context"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store"
)

// TestCancelledRequestIsAudited: a client that goes away right after its
// change committed still gets the change audited.
func TestCancelledRequestIsAudited(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lg, err := OpenAudit(t.Context(), data, nil, st)
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	rec := recorder{log: lg, store: st}
	ctx, cancel := context.WithCancel(t.Context())
	p, err := st.CreatePortfolio(ctx, "u1", "Main", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cancel() // the client disconnects after the commit, before the audit append
	rec.Audit(ctx, audit.Entry{Actor: "u1", Action: audit.ActionPortfolioCreate, Target: p.ID})
	page, err := audit.Query(t.Context(), data+"/audit", audit.Filter{Action: audit.ActionPortfolioCreate})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Target != p.ID {
		t.Fatalf("entries %+v %v", page.Entries, err)
	}
	if cp, ok, err := st.AuditCheckpoint(t.Context()); err != nil || !ok || cp.Entries != 1 {
		t.Fatalf("checkpoint %+v %v %v", cp, ok, err)
	}
}
