package audit

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestQuery(t *testing.T) {
	t.Parallel()
	// 3 days x 6 entries; actors cycle u0,u1,u2; odd i are portfolio.create.
	dir := writeChain(t, 3, 6)
	at := func(d, i int) string { return fmt.Sprintf("d%d-i%d", d, i) }
	tests := []struct {
		name    string
		f       Filter
		want    []string
		hasMore bool
	}{
		{"newest first with limit", Filter{Limit: 3}, []string{at(2, 5), at(2, 4), at(2, 3)}, true},
		{"offset crosses files", Filter{Limit: 3, Offset: 5}, []string{at(2, 0), at(1, 5), at(1, 4)}, true},
		{"last page", Filter{Limit: 5, Offset: 15}, []string{at(0, 2), at(0, 1), at(0, 0)}, false},
		{"offset past end", Filter{Offset: 100}, []string{}, false},
		{"actor", Filter{Actor: "u1", Limit: 3}, []string{at(2, 4), at(2, 1), at(1, 4)}, true},
		{"action exact", Filter{Action: ActionPortfolioCreate, Actor: "u0", Limit: 10},
			[]string{at(2, 3), at(1, 3), at(0, 3)}, false},
		{"action prefix", Filter{Action: "auth.*", Actor: "u2", Limit: 10},
			[]string{at(2, 2), at(1, 2), at(0, 2)}, false},
		{"since until", Filter{Since: day0.AddDate(0, 0, 1).Add(2 * time.Minute),
			Until: day0.AddDate(0, 0, 1).Add(4 * time.Minute)}, []string{at(1, 3), at(1, 2)}, false},
		{"no match", Filter{Actor: "nobody"}, []string{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Query(t.Context(), dir, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(p.Entries))
			for i, e := range p.Entries {
				got[i] = e.Target
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || p.HasMore != tt.hasMore {
				t.Fatalf("got %v more=%v, want %v more=%v", got, p.HasMore, tt.want, tt.hasMore)
			}
		})
	}
}

func TestQueryFilterValidation(t *testing.T) {
	t.Parallel()
	dir := writeChain(t, 1, 600)
	tests := []struct {
		name    string
		f       Filter
		wantErr bool
		wantLen int
	}{
		{"default limit", Filter{}, false, DefaultLimit},
		{"limit capped", Filter{Limit: 10000}, false, MaxLimit},
		{"negative limit", Filter{Limit: -1}, true, 0},
		{"negative offset", Filter{Offset: -1}, true, 0},
		{"huge offset", Filter{Offset: MaxOffset + 1}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Query(t.Context(), dir, tt.f)
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidFilter) {
					t.Fatalf("err = %v, want ErrInvalidFilter", err)
				}
				return
			}
			if err != nil || len(p.Entries) != tt.wantLen {
				t.Fatalf("len %d err %v, want %d", len(p.Entries), err, tt.wantLen)
			}
		})
	}
}

func TestQueryMissingDir(t *testing.T) {
	t.Parallel()
	p, err := Query(t.Context(), filepath.Join(t.TempDir(), "none"), Filter{})
	if err != nil || len(p.Entries) != 0 {
		t.Fatalf("got %+v %v", p, err)
	}
}
