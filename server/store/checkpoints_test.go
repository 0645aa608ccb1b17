package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

// TestCheckpointsAreVisibleWithoutAFlush saves checkpoints through their
// own synchronous=NORMAL connection and reads them back through the
// accounts database's pool (FULL) at once; an older head never replaces a
// newer one.
func TestCheckpointsAreVisibleWithoutAFlush(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	levels := map[string]int{}
	for name, db := range map[string]interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}{"checkpoints": s.checkpoints, "accounts": s.db} {
		var level int
		if err := db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&level); err != nil {
			t.Fatal(err)
		}
		levels[name] = level
	}
	if levels["checkpoints"] != 1 || levels["accounts"] != 2 {
		t.Fatalf("synchronous levels = %v, want checkpoints NORMAL (1), accounts FULL (2)", levels)
	}
	at := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, cp := range []audit.Checkpoint{{Entries: 5, Head: "h5", At: at}, {Entries: 3, Head: "h3", At: at}} {
		if err := s.SaveAuditCheckpoint(ctx, cp); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := s.AuditCheckpoint(ctx)
	if err != nil || !ok || got.Entries != 5 || got.Head != "h5" {
		t.Fatalf("checkpoint = %+v, %v, %v; want the newer head h5", got, ok, err)
	}
}

// TestCheckpointSaveIsPrepared: every audited write saves a checkpoint, so
// the save runs one prepared statement; an older head still never
// replaces a newer one.
func TestCheckpointSaveIsPrepared(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, n := range []int64{2, 3, 1} {
		if err := s.SaveAuditCheckpoint(ctx, audit.Checkpoint{Entries: n, Head: strings.Repeat("a", 64), At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if cp, ok, err := s.AuditCheckpoint(ctx); err != nil || !ok || cp.Entries != 3 {
		t.Fatalf("checkpoint %+v %v %v, want the one of 3 entries", cp, ok, err)
	}
	s.ckptPrep.mu.Lock()
	defer s.ckptPrep.mu.Unlock()
	if len(s.ckptPrep.m) != 1 {
		t.Errorf("%d prepared checkpoint statements, want 1", len(s.ckptPrep.m))
	}
}
