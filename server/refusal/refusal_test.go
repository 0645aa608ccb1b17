package refusal

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
)

// fakeSink keeps what the aggregator writes.
type fakeSink struct {
	mu     sync.Mutex
	events []model.SecurityEvent
	logins map[string]int
	audits []audit.Entry
}

func (f *fakeSink) AddSecurityEvents(_ context.Context, ev []model.SecurityEvent) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, ev...)
	return nil
}

func (f *fakeSink) AddRefusedLogins(_ context.Context, c map[string]int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, n := range c {
		f.logins[k] += n
	}
	return nil
}

func (f *fakeSink) Audit(_ context.Context, e audit.Entry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.audits = append(f.audits, e)
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newTest(t *testing.T, maxKeys int) (*Aggregator, *fakeSink, *clock) {
	t.Helper()
	sink := &fakeSink{logins: map[string]int{}}
	c := &clock{t: time.Date(2026, 3, 4, 10, 0, 5, 0, time.UTC)}
	a := New(Config{Store: sink, Audit: sink, Now: c.now, Every: time.Hour, MaxKeys: maxKeys})
	t.Cleanup(func() { _ = a.Close() })
	return a, sink, c
}

func TestOneRowPerClientKindAndMinute(t *testing.T) {
	a, sink, c := newTest(t, 0)
	for i := 0; i < 2000; i++ {
		a.Add(Refusal{Kind: KindRateLimited, IP: "203.0.113.1", Detail: "api"})
	}
	a.Add(Refusal{Kind: KindRateLimited, IP: "203.0.113.2", Detail: "api"})
	c.add(time.Minute)
	a.Add(Refusal{Kind: KindRateLimited, IP: "203.0.113.1", Detail: "api"})
	if err := a.write(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if len(sink.events) != 2 || len(sink.audits) != 2 {
		t.Fatalf("completed minute wrote %d events and %d audit lines, want 2 each", len(sink.events), len(sink.audits))
	}
	for _, e := range sink.events {
		if want := map[string]int{"203.0.113.1": 2000, "203.0.113.2": 1}[e.IP]; e.Count != want {
			t.Errorf("%s counted %d, want %d", e.IP, e.Count, want)
		}
	}
	for _, e := range sink.audits {
		if e.Action != audit.ActionRateLimitHit || e.Details["count"] == "" {
			t.Errorf("audit summary %+v", e)
		}
	}
	if err := a.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(sink.events) != 3 {
		t.Fatalf("flush wrote %d events in all, want the current minute too", len(sink.events))
	}
}

func TestRowsPerMinuteAreBounded(t *testing.T) {
	a, sink, _ := newTest(t, 10)
	for i := 0; i < 500; i++ {
		a.Add(Refusal{Kind: KindRateLimited, IP: "198.51.100." + strconv.Itoa(i), Detail: "api"})
	}
	if err := a.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, e := range sink.events {
		total += e.Count
	}
	if len(sink.events) != 11 || total != 500 {
		t.Fatalf("%d rows counting %d, want 10 clients plus one overflow row counting all 500", len(sink.events), total)
	}
}

func TestRefusedLoginsCountForTheUser(t *testing.T) {
	a, sink, _ := newTest(t, 0)
	for i := 0; i < 3; i++ {
		a.Add(Refusal{Kind: KindLoginRefused, IP: "203.0.113.9", Username: "Alice", Detail: "untrusted clients locked"})
	}
	a.Add(Refusal{Kind: KindLoginRefused, IP: "203.0.113.9", Username: "bob", Detail: "untrusted clients locked"})
	if n, err := a.SettleLogins("ALICE", func() (int, error) { return 2, nil }); err != nil || n != 5 {
		t.Fatalf("settled refused logins for alice = %d %v, want 2 stored + 3 held", n, err)
	}
	if _, err := a.SettleLogins("bob", func() (int, error) { return 0, errors.New("store down") }); err == nil {
		t.Fatal("a failed store read settled")
	}
	if err := a.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sink.logins["alice"] != 0 || sink.logins["bob"] != 1 {
		t.Fatalf("written login counts %v: settled ones must not be written again, unsettled ones must", sink.logins)
	}
	if len(sink.events) != 2 {
		t.Fatalf("%d events, want one per account name", len(sink.events))
	}
}

// gatedSink holds a write of login counts until gate closes, as a slow
// store would.
type gatedSink struct {
	fakeSink
	entered, gate chan struct{}
}

func (g *gatedSink) AddRefusedLogins(ctx context.Context, c map[string]int) error {
	close(g.entered)
	<-g.gate
	return g.fakeSink.AddRefusedLogins(ctx, c)
}

// TestSettleWaitsForAWriteInFlight: a login that settles while the held
// counts are on their way to the store reports them once, after they
// arrive, instead of finding them in neither place (and again at the
// next login).
func TestSettleWaitsForAWriteInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &gatedSink{fakeSink: fakeSink{logins: map[string]int{}}, entered: make(chan struct{}), gate: make(chan struct{})}
		a := New(Config{Store: sink, Audit: sink, Every: time.Hour})
		defer a.Close()
		a.Add(Refusal{Kind: KindLoginRefused, IP: "203.0.113.9", Username: "carol", Detail: "untrusted clients locked"})
		go a.Flush(context.Background())
		<-sink.entered
		settled := make(chan int)
		go func() {
			n, _ := a.SettleLogins("carol", func() (int, error) {
				sink.mu.Lock()
				defer sink.mu.Unlock()
				n := sink.logins["carol"]
				delete(sink.logins, "carol")
				return n, nil
			})
			settled <- n
		}()
		synctest.Wait()
		select {
		case n := <-settled:
			close(sink.gate)
			t.Fatalf("settled %d while the count was being written", n)
		default:
		}
		close(sink.gate)
		if n := <-settled; n != 1 || sink.logins["carol"] != 0 {
			t.Fatalf("settled %d, %d left in the store; want 1 and 0", n, sink.logins["carol"])
		}
	})
}
