package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

func openAdminTestStore(t *testing.T) (*Store, map[string]string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ids := map[string]string{}
	for _, u := range []struct{ name, role string }{{"root", "admin"}, {"a_b", "user"}, {"axb", "user"}} {
		created, err := s.CreateUser(ctx, u.name, "h", u.role, false, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ids[u.name] = created.ID
	}
	return s, ids
}

func TestListUsersSearchIsLiteral(t *testing.T) {
	s, ids := openAdminTestStore(t)
	now := time.Now()
	if _, err := s.RecordLoginFailure(context.Background(), LoginScope{UserID: ids["axb"]}, now); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q     string
		total int
	}{{"", 3}, {"_", 1}, {"A", 2}, {"%", 0}, {`\`, 0}, {"xb", 1}}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			users, total, err := s.ListUsers(context.Background(), UserQuery{Search: tc.q}, now)
			if err != nil || total != tc.total || len(users) != tc.total {
				t.Fatalf("q=%q: %d users, total %d, err %v; want %d", tc.q, len(users), total, err, tc.total)
			}
			for _, u := range users {
				if u.PasswordHash != "" {
					t.Fatal("hash returned")
				}
				if want := map[bool]int{true: 1}[u.ID == ids["axb"]]; u.FailedAttempts != want {
					t.Fatalf("%s failed attempts %d, want %d", u.Username, u.FailedAttempts, want)
				}
			}
		})
	}
}

func TestLastAdminAndSelf(t *testing.T) {
	s, ids := openAdminTestStore(t)
	ctx := context.Background()
	now := time.Now()
	if err := s.SetRole(ctx, ids["root"], "user", now); !errors.Is(err, model.ErrLastAdmin) {
		t.Fatalf("demote last admin: %v", err)
	}
	if err := s.DeleteUser(ctx, ids["root"], ids["a_b"]); !errors.Is(err, model.ErrLastAdmin) {
		t.Fatalf("delete last admin: %v", err)
	}
	if err := s.DeleteUser(ctx, ids["root"], ids["root"]); !errors.Is(err, model.ErrSelf) {
		t.Fatalf("delete self: %v", err)
	}
	if err := s.SetRole(ctx, ids["a_b"], "admin", now); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRole(ctx, ids["root"], "user", now); err != nil {
		t.Fatalf("demote with another admin: %v", err)
	}
	if err := s.SetRole(ctx, ids["a_b"], "root", now); err == nil {
		t.Fatal("invalid role accepted")
	}
	if err := s.SetRole(ctx, "nobody", "user", now); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestDeleteUserRemovesOnlyTheirDir(t *testing.T) {
	s, ids := openAdminTestStore(t)
	ctx := context.Background()
	for _, id := range []string{ids["a_b"], ids["axb"]} {
		if err := s.UserDB(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"..", "../users", "a/b", ""} {
		if err := s.DeleteUser(ctx, bad, ids["root"]); err == nil {
			t.Fatalf("DeleteUser(%q) accepted", bad)
		}
	}
	if err := s.DeleteUser(ctx, ids["a_b"], ids["root"]); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.DataDir(), "users", ids["a_b"])); !os.IsNotExist(err) {
		t.Fatalf("dir not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.DataDir(), "users", ids["axb"], "portfolio.db")); err != nil {
		t.Fatalf("other user's db touched: %v", err)
	}
	if _, err := s.UserByID(ctx, ids["a_b"]); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("row not deleted: %v", err)
	}
}

// TestDeletedUserDataIsNotRecreated: a request authenticated just before
// its account was deleted must not recreate DATA/users/<id> (and write a
// new portfolio there) after the deletion removed it.
func TestDeletedUserDataIsNotRecreated(t *testing.T) {
	s, ids := openAdminTestStore(t)
	ctx := context.Background()
	id := ids["a_b"]
	if _, err := s.CreatePortfolio(ctx, id, "P", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, id, ids["root"]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePortfolio(ctx, id, "late write", "", time.Now()); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("create portfolio after deletion: err = %v, want model.ErrNotFound", err)
	}
	if _, err := s.ListPortfolios(ctx, id); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("list portfolios after deletion: err = %v, want model.ErrNotFound", err)
	}
	if _, err := os.Stat(filepath.Join(s.DataDir(), "users", id)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the deleted user's directory exists again (stat err %v)", err)
	}
}
