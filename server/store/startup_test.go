package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
)

func TestMissingOrEmptyUserDatabaseIsNeverReplaced(t *testing.T) {
	t.Parallel()
	for _, damage := range []string{"missing", "empty"} {
		t.Run(damage, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := t.TempDir()
			s, err := Open(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			alice, _ := s.CreateUser(ctx, "alice", "h", "user", false, t0)
			bob, _ := s.CreateUser(ctx, "bob", "h", "user", false, t0)
			for _, u := range []model.User{alice, bob} {
				if _, err := s.CreatePortfolio(ctx, u.ID, "Main", "", t0); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			path := filepath.Join(dir, "users", alice.ID, "portfolio.db")
			if damage == "missing" {
				err = os.Remove(path)
			} else {
				err = os.Truncate(path, 0)
			}
			if err != nil {
				t.Fatal(err)
			}
			s, err = Open(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for range 2 {
				if _, err := s.ListPortfolios(ctx, alice.ID); !errors.Is(err, model.ErrUserDataMissing) {
					t.Fatalf("alice: %v, want model.ErrUserDataMissing", err)
				}
			}
			if st, err := os.Stat(path); damage == "missing" && err == nil || damage == "empty" && (err != nil || st.Size() != 0) {
				t.Fatalf("the damaged database was replaced: %v %v", st, err)
			}
			if ps, err := s.ListPortfolios(ctx, bob.ID); err != nil || len(ps) != 1 {
				t.Fatalf("bob affected: %v %v", ps, err)
			}
			ev, _ := s.ListSecurityEvents(ctx, "user_data_missing", time.Time{}, 10)
			if len(ev) != 1 || ev[0].UserID != alice.ID {
				t.Fatalf("security events = %+v, want one for alice", ev)
			}
		})
	}
}

func TestOpenRefusesMissingAccountsDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, damage := range []string{"missing", "empty"} {
		t.Run(damage, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			s, _ := Open(ctx, dir)
			u, _ := s.CreateUser(ctx, "alice", "h", "admin", false, t0)
			if err := s.UserDB(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			s.Close()
			db := filepath.Join(dir, "fortfolio.db")
			for _, side := range []string{"-wal", "-shm"} {
				_ = os.Remove(db + side)
			}
			if damage == "missing" {
				_ = os.Remove(db)
			} else {
				_ = os.Truncate(db, 0)
			}
			if s, err := Open(ctx, dir); !errors.Is(err, ErrAccountsMissing) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("Open = %v, want ErrAccountsMissing", err)
			}
			if ok, err := AccountsExist(ctx, dir); !ok || !errors.Is(err, ErrAccountsMissing) {
				t.Fatalf("AccountsExist = %v, %v", ok, err)
			}
		})
	}
	if s, err := Open(ctx, t.TempDir()); err != nil {
		t.Fatalf("a fresh data directory must open: %v", err)
	} else {
		s.Close()
	}
}

func TestAuditCheckpointNewestWins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	if _, ok, err := s.AuditCheckpoint(ctx); ok || err != nil {
		t.Fatalf("empty: %v %v", ok, err)
	}
	at := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, n := range []int64{5, 9, 7} {
		if err := s.SaveAuditCheckpoint(ctx, audit.Checkpoint{Entries: n, Head: "h", At: at, Sig: "s"}); err != nil {
			t.Fatal(err)
		}
	}
	cp, ok, err := s.AuditCheckpoint(ctx)
	if err != nil || !ok || cp.Entries != 9 || !cp.At.Equal(at) || cp.Sig != "s" {
		t.Fatalf("got %+v %v %v", cp, ok, err)
	}
	if has, _ := s.HasAccounts(ctx); has {
		t.Fatal("no accounts yet")
	}
}
