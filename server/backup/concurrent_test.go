package backup

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestBackupWhileWriting takes a backup while writers keep committing
// transactions that each insert an order and its line; the restored database
// must pass integrity_check, hold every order committed before Run started
// and never an order without its line.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	db := openDB(t, filepath.Join(data, "fortfolio.db"))
	mustExec(t, db, "CREATE TABLE orders(id INTEGER PRIMARY KEY, w INTEGER, n INTEGER)")
	mustExec(t, db, "CREATE TABLE lines(order_id INTEGER NOT NULL REFERENCES orders(id), qty INTEGER)")
	ctx, stop := context.WithCancel(t.Context())
	var mu sync.Mutex
	committed := map[int64]bool{}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() { insertLoop(ctx, t, db, w, &mu, committed) })
	}
	for { // let the writers get going
		mu.Lock()
		n := len(committed)
		mu.Unlock()
		if n >= 200 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	before := make([]int64, 0, len(committed))
	for id := range committed {
		before = append(before, id)
	}
	mu.Unlock()
	info, err := Run(t.Context(), Options{DataDir: data, BackupDir: t.TempDir(), Now: fixed(t0)})
	stop()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if err := Restore(t.Context(), info.Path, target, false); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, filepath.Join(target, "fortfolio.db"), before)
}

func insertLoop(ctx context.Context, t *testing.T, db *sql.DB, w int, mu *sync.Mutex, committed map[int64]bool) {
	for n := 0; ctx.Err() == nil; n++ {
		tx, err := db.Begin()
		if err != nil {
			t.Error(err)
			return
		}
		res, err := tx.Exec("INSERT INTO orders(w, n) VALUES(?, ?)", w, n)
		if err != nil {
			tx.Rollback()
			t.Error(err)
			return
		}
		id, _ := res.LastInsertId()
		if _, err := tx.Exec("INSERT INTO lines VALUES(?, ?)", id, n); err != nil {
			tx.Rollback()
			t.Error(err)
			return
		}
		if err := tx.Commit(); err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		committed[id] = true
		mu.Unlock()
	}
}

func checkRestored(t *testing.T, path string, before []int64) {
	t.Helper()
	if err := integrityCheck(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var orphans, total int
	db.QueryRow("SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM lines l WHERE l.order_id = o.id)").Scan(&orphans)
	db.QueryRow("SELECT count(*) FROM orders").Scan(&total)
	if orphans != 0 || total < len(before) {
		t.Fatalf("restored: %d orders, %d without lines, %d committed before backup", total, orphans, len(before))
	}
	for _, id := range before {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM orders WHERE id = ?", id).Scan(&n); err != nil || n != 1 {
			t.Fatalf("order %d committed before the backup is missing (%v)", id, err)
		}
	}
}
