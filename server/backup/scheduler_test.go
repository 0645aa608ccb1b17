package backup

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock is a manual clock; After registers a waiter that Advance fires.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	waiting chan time.Duration // reports every After call
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, waiting: make(chan time.Duration, 16)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	c.waiting <- d
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

type runResult struct {
	at  time.Time
	err error
}

func TestScheduler(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		start     string
		existing  []string
		at        time.Duration
		wantFirst time.Duration // first wait requested after the catch-up decision
		catchUp   bool
	}{
		{"no backups: catch up", "2025-01-10 10:00", nil, DefaultAt, 17 * time.Hour, true},
		{"stale backup: catch up", "2025-01-10 10:00", []string{"2025-01-09 03:00"}, DefaultAt, 17 * time.Hour, true},
		{"fresh backup: wait", "2025-01-10 10:00", []string{"2025-01-10 03:00"}, DefaultAt, 17 * time.Hour, false},
		{"before today's slot", "2025-01-10 01:00", []string{"2025-01-09 03:00"}, DefaultAt, 2 * time.Hour, false},
		{"custom time: catch up", "2025-01-10 23:00", []string{"2025-01-10 03:00"}, 22*time.Hour + 30*time.Minute, 23*time.Hour + 30*time.Minute, true},
		{"midnight", "2025-01-10 10:00", []string{"2025-01-10 00:00"}, 0, 14 * time.Hour, false},
		{"custom time", "2025-01-10 10:00", []string{"2025-01-10 03:00"}, 22*time.Hour + 30*time.Minute, 12*time.Hour + 30*time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for _, s := range tt.existing {
				writeFiles(t, dir, map[string]string{Name(ts(s)): ""})
			}
			clk := newFakeClock(ts(tt.start))
			results := make(chan runResult, 8)
			calls := 0
			s := &Scheduler{
				Options: Options{DataDir: dir, BackupDir: dir}, At: tt.at, Now: clk.Now, After: clk.After,
				Job: func(ctx context.Context) (Info, error) {
					calls++
					if calls == 2 {
						return Info{}, errors.New("disk full")
					}
					return Info{Created: clk.Now()}, nil
				},
				OnResult: func(_ context.Context, info Info, err error) { results <- runResult{clk.Now(), err} },
			}
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error)
			go func() { done <- s.Run(ctx) }()
			if tt.catchUp {
				if r := <-results; !r.at.Equal(ts(tt.start)) || r.err != nil {
					t.Fatalf("catch-up run %+v", r)
				}
			}
			if d := <-clk.waiting; d != tt.wantFirst {
				t.Fatalf("first wait %v, want %v", d, tt.wantFirst)
			}
			next := ts(tt.start).Add(tt.wantFirst)
			for day := range 3 {
				clk.Advance(next.Sub(clk.Now()))
				r := <-results
				if !r.at.Equal(next) {
					t.Fatalf("run %d at %v, want %v", day, r.at, next)
				}
				if (r.err != nil) != (calls == 2) {
					t.Fatalf("run %d err %v (call %d)", day, r.err, calls)
				}
				if d := <-clk.waiting; d != 24*time.Hour {
					t.Fatalf("next wait %v, want 24h", d)
				}
				next = next.Add(24 * time.Hour)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseTimeOfDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"03:00", 3 * time.Hour, true}, {"23:59", 23*time.Hour + 59*time.Minute, true}, {"00:00", 0, true},
		{"24:00", 0, false}, {"3:00", 0, false}, {"03:60", 0, false}, {"-1:00", 0, false}, {"", 0, false}, {"0300", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimeOfDay(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseTimeOfDay(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}

// TestSchedulerClaims checks which day each run claims, that a refused
// claim skips the job unreported, and that a run that wrote nothing
// releases its day.
func TestSchedulerClaims(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		start     string
		granted   bool
		fail      bool
		wantDays  []string // claimed: the catch-up's day, then the next slot's
		wantRuns  int
		wantFreed []string
	}{
		{"catch-up after the slot claims today", "2025-01-10 10:00", true, false, []string{"2025-01-10", "2025-01-11"}, 2, nil},
		{"catch-up before the slot claims yesterday", "2025-01-10 01:00", true, false, []string{"2025-01-09", "2025-01-10"}, 2, nil},
		{"claimed elsewhere: no run", "2025-01-10 10:00", false, false, []string{"2025-01-10", "2025-01-11"}, 0, nil},
		{"failed run releases its day", "2025-01-10 10:00", true, true, []string{"2025-01-10", "2025-01-11"}, 2, []string{"2025-01-10", "2025-01-11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			clk := newFakeClock(ts(tt.start))
			var mu sync.Mutex
			var days, freed []string
			runs, reported := 0, 0
			s := &Scheduler{
				Options: Options{DataDir: dir, BackupDir: dir}, At: DefaultAt, Now: clk.Now, After: clk.After,
				Claim: func(_ context.Context, day string) (bool, error) {
					mu.Lock()
					defer mu.Unlock()
					days = append(days, day)
					return tt.granted, nil
				},
				Release: func(_ context.Context, day string) {
					mu.Lock()
					defer mu.Unlock()
					freed = append(freed, day)
				},
				Job: func(context.Context) (Info, error) {
					runs++
					if tt.fail {
						return Info{}, errors.New("disk full")
					}
					return Info{Name: Name(clk.Now()), Created: clk.Now()}, nil
				},
				OnResult: func(context.Context, Info, error) { reported++ },
			}
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error)
			go func() { done <- s.Run(ctx) }()
			d := <-clk.waiting
			clk.Advance(d)
			<-clk.waiting // the run after the advance is done
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.Equal(days, tt.wantDays) || runs != tt.wantRuns || reported != tt.wantRuns || !slices.Equal(freed, tt.wantFreed) {
				t.Fatalf("claimed %v, ran %d, reported %d, released %v; want %v, %d, %v", days, runs, reported, freed, tt.wantDays, tt.wantRuns, tt.wantFreed)
			}
		})
	}
}
