package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
)

// TestUserDBCacheEvictsUnderManyUsers runs 1,000 users through a cache of
// eight handles from many goroutines: evictions happen all the time, and
// no call in flight ever meets a closed database.
func TestUserDBCacheEvictsUnderManyUsers(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), WithUserDBCache(8))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const users, workers = 1000, 24
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < users; i += workers {
				if err := userRoundTrip(ctx, s, fmt.Sprintf("user%d", i%users)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.users.cached(); n > 8 {
		t.Errorf("%d handles cached, want at most 8", n)
	}
}

// userRoundTrip writes and reads back one user's data.
func userRoundTrip(ctx context.Context, s *Store, id string) error {
	p, err := s.CreatePortfolio(ctx, id, "Main", "", t0)
	if err != nil {
		return fmt.Errorf("%s create: %w", id, err)
	}
	if _, err := s.UpdatePortfolio(ctx, id, p.ID, "Renamed", "", t0); err != nil {
		return fmt.Errorf("%s update: %w", id, err)
	}
	ps, err := s.ListPortfolios(ctx, id)
	if err != nil {
		return fmt.Errorf("%s list: %w", id, err)
	}
	if len(ps) == 0 {
		return fmt.Errorf("%s: portfolio lost", id)
	}
	return nil
}

// TestUserDBCacheOneOpenPerUser opens one user's database from many
// goroutines at once: they share one handle.
func TestUserDBCacheOneOpenPerUser(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	handles := make(chan *userDB, 32)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, err := s.acquireUser(ctx, "same")
			if err != nil {
				t.Error(err)
				return
			}
			handles <- h
		}()
	}
	wg.Wait()
	close(handles)
	var first *userDB
	for h := range handles {
		if first == nil {
			first = h
		}
		if h != first {
			t.Fatal("two handles opened for one user")
		}
		s.users.release(h)
	}
}

// TestUserDBCacheSizeFromFileLimit checks the default size follows the
// open-file limit within its bounds.
func TestUserDBCacheSizeFromFileLimit(t *testing.T) {
	for _, c := range []struct {
		nofile uint64
		want   int
	}{
		{0, minUserDBCache},
		{200, minUserDBCache},
		{20000, 20000 / 2 / userDBFiles},
		{1 << 20, (1 << 20) / 2 / userDBFiles},
		{1 << 40, maxUserDBCache},
	} {
		if got := userDBCacheFor(c.nofile); got != c.want {
			t.Errorf("nofile %d: cache %d, want %d", c.nofile, got, c.want)
		}
	}
}

// TestDeletedUserWaitsForRequests drops a user whose handle is in use: the
// call in flight finishes on an open database, and the user is gone after.
func TestDeletedUserWaitsForRequests(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db, done, err := s.userDB(ctx, "leaving")
	if err != nil {
		t.Fatal(err)
	}
	dropped := make(chan struct{})
	go func() { s.users.drop("leaving"); close(dropped) }()
	if err := db.(*sql.DB).PingContext(ctx); err != nil {
		t.Fatalf("handle closed under a running call: %v", err)
	}
	done()
	<-dropped
	if _, _, err := s.userDB(ctx, "leaving"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("deleted user's database opened again: %v", err)
	}
}

// TestUserDBSyncLevels checks the per-user databases' durability: by
// default (and for an unknown level) every write turn is flushed by the
// store's WAL flusher before it returns, SQLite itself committing at
// NORMAL (1) so the flush happens outside the turn; SyncNormal is NORMAL
// with no flush.
func TestUserDBSyncLevels(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		opts    []Option
		flushed bool
	}{{nil, true}, {[]Option{WithUserDBSync(SyncNormal)}, false}, {[]Option{WithUserDBSync("bogus")}, true}} {
		s, err := Open(ctx, t.TempDir(), c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreatePortfolio(ctx, "u", "Main", "", t0); err != nil {
			t.Fatal(err)
		}
		h, err := s.acquireUser(ctx, "u")
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := h.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil || got != 1 {
			t.Errorf("synchronous = %d (%v), want 1", got, err)
		}
		if flushed := h.flush != nil && h.flush.syncs.Load() > 0; flushed != c.flushed {
			t.Errorf("write flushed by the store: %v, want %v", flushed, c.flushed)
		}
		s.users.release(h)
		s.Close()
	}
}
