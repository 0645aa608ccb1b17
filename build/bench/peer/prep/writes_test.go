package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPlanWrites(t *testing.T) {
	tests := []struct {
		name       string
		runs       int
		rate       float64
		d          time.Duration
		wantPerRun int
		wantErr    bool
	}{
		{"default run", 4, 3000, 10 * time.Second, 3, false},
		{"one portfolio's share exactly", 4, 1000, 10 * time.Second, 1, false},
		{"slow writes", 4, 1, time.Second, 1, false},
		{"a minute", 4, 3000, time.Minute, 18, false},
		{"past an account's portfolios", 10, 3000, 10 * time.Minute, 0, true},
		{"no rate", 4, 0, 10 * time.Second, 0, true},
		{"no duration", 4, 3000, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := planWrites(tt.runs, tt.rate, tt.d)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("plan %+v, want an error", plan)
				}
				return
			}
			if err != nil || plan.perRun != tt.wantPerRun || plan.runs != tt.runs {
				t.Fatalf("plan %+v (%v), want %d runs of %d portfolios", plan, err, tt.runs, tt.wantPerRun)
			}
			if share := tt.rate * tt.d.Seconds() / float64(plan.perRun); share > writeShare || share >= transactionLimit {
				t.Fatalf("%.0f writes per portfolio, want at most %d", share, writeShare)
			}
		})
	}
}

func TestWrkDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{"10s", 10 * time.Second, false},
		{"10", 10 * time.Second, false},
		{"2m", 2 * time.Minute, false},
		{"1h", time.Hour, false},
		{"ten", 0, true},
	}
	for _, tt := range tests {
		got, err := wrkDuration(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("wrkDuration(%q) = %s, %v; want %s (error %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// TestWriteRunLinesSpreadOverPortfolios: a write run's file has one line
// per portfolio of the run, on both servers, each naming its portfolio.
func TestWriteRunLinesSpreadOverPortfolios(t *testing.T) {
	writer := account{token: "tok", id: "writer"}
	ids := []string{"p0", "p1", "p2"}
	for _, s := range []server{&fortfolio{}, &pocketbase{}} {
		lines := writeRunLines(s, writer, ids)
		if len(lines) != len(ids) {
			t.Fatalf("%s: %d lines, want %d", s.name(), len(lines), len(ids))
		}
		for i, l := range lines {
			fields := strings.Split(l, "\t")
			if len(fields) != 3 || fields[0] != "tok" || !strings.Contains(fields[1]+fields[2], ids[i]) {
				t.Errorf("%s: line %d %q does not write to %s with the writer's token", s.name(), i, l, ids[i])
			}
		}
	}
}

// expiringServer signs up accounts whose tokens stop working once older
// than its ttl, unless refreshed before, as Fortfolio's do.
type expiringServer struct {
	ttl    time.Duration
	delay  time.Duration
	mu     sync.Mutex
	issued map[string]time.Time
	n      int
}

func (e *expiringServer) name() string { return "expiring" }

func (e *expiringServer) token() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	tok := "t" + strconv.Itoa(e.n)
	e.issued[tok] = time.Now()
	return tok
}

func (e *expiringServer) signUp(i int) (account, error) {
	time.Sleep(e.delay)
	return account{token: e.token(), id: strconv.Itoa(i)}, nil
}

func (e *expiringServer) refresh(a account) (account, error) {
	e.mu.Lock()
	at, ok := e.issued[a.token]
	e.mu.Unlock()
	if !ok || time.Since(at) > e.ttl {
		return a, fmt.Errorf("token %s expired", a.token)
	}
	a.token = e.token()
	return a, nil
}

func (e *expiringServer) createPortfolio(account, string) (string, error) { return "p", nil }
func (e *expiringServer) listPath() string                                { return "/list" }
func (e *expiringServer) writeLine(account, string) (string, string)      { return "/write", "{}" }

// TestSignUpsOutlastingATokenKeepTokensFresh signs up accounts for longer
// than a token lives: every token can still be refreshed at the end.
func TestSignUpsOutlastingATokenKeepTokensFresh(t *testing.T) {
	s := &expiringServer{ttl: 60 * time.Millisecond, delay: 5 * time.Millisecond, issued: map[string]time.Time{}}
	accounts, err := signUpAll(s, 60, 20*time.Millisecond) // 150 ms of sign-ups
	if err != nil {
		t.Fatal(err)
	}
	if err := refreshMade(s, accounts); err != nil {
		t.Fatalf("refresh after the sign-ups: %v", err)
	}
}
