package secstatus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/audit"
)

func TestAuditStatusIsIncrementalAndCatchesACutLog(t *testing.T) {
	data := t.TempDir()
	key, _ := audit.NewKey([]byte(strings.Repeat("k", 32)))
	var last audit.Checkpoint
	lg, err := audit.Open(t.Context(), filepath.Join(data, "audit"), audit.WithKey(key),
		audit.WithCheckpoints(func(_ context.Context, cp audit.Checkpoint) { last = cp }))
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	r := New(Inputs{DataDir: data, AuditKey: key, CacheDuration: 1,
		AuditCheckpoint: func(context.Context) (audit.Checkpoint, bool, error) { return last, last.Entries > 0, nil }})
	for want := 1; want <= 3; want++ {
		if err := lg.Append(t.Context(), audit.Entry{Action: audit.ActionLogout}); err != nil {
			t.Fatal(err)
		}
		st := r.audit(t.Context())
		if st.State != "verified" || st.Entries != want || !st.Authenticated {
			t.Fatalf("after %d appends: %+v", want, st)
		}
	}
	names, _ := filepath.Glob(filepath.Join(data, "audit", "audit-*.jsonl"))
	b, _ := os.ReadFile(names[0])
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(names[0], []byte(strings.Join(lines[:2], "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if st := r.audit(t.Context()); st.State != "broken" || st.OK {
		t.Fatalf("cut log: %+v", st)
	}
}
