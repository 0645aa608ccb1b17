package stats

import (
	"context"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/storetest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// clock is a settable test clock.
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

const (
	testUA = "Mozilla/5.0 (X11; Linux x86_64) StatsPrivacyProbe/9.7 Firefox/128.0"
	testIP = "203.0.113.77"
)

func newTestService(t *testing.T) (*Service, *clock, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2024, 5, 10, 9, 0, 0, 0, time.UTC)}
	s, err := New(Config{Store: st, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); st.Close() })
	return s, c, dir
}

func hit(path, ip, ua string) Hit {
	return Hit{PageView: wire.PageView{Path: path, Referrer: "news.example.org", ScreenWidth: 1280},
		IP: netip.MustParseAddr(ip), UserAgent: ua, Host: "fortfolio.test:8000"}
}

func mustRecord(t *testing.T, s *Service, h Hit) {
	t.Helper()
	if err := s.Record(context.Background(), h); err != nil {
		t.Fatal(err)
	}
}

func report(t *testing.T, s *Service, from, to string) wire.StatsReport {
	t.Helper()
	r, err := ParseRange(from, to, s.cfg.Now())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Report(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestUniqueVisitorsPerDay(t *testing.T) {
	s, c, _ := newTestService(t)
	for range 3 {
		mustRecord(t, s, hit("/", testIP, testUA))
	}
	mustRecord(t, s, hit("/security", testIP, testUA))
	mustRecord(t, s, hit("/", "198.51.100.1", testUA))
	c.add(24 * time.Hour)
	mustRecord(t, s, hit("/", testIP, testUA))

	rep := report(t, s, "2024-05-10", "2024-05-11")
	want := []wire.StatsDay{{Day: "2024-05-10", Views: 5, Visitors: 2}, {Day: "2024-05-11", Views: 1, Visitors: 1}}
	if fmt.Sprint(rep.Days) != fmt.Sprint(want) {
		t.Fatalf("days = %v, want %v", rep.Days, want)
	}
	if rep.Visitors != 3 || rep.Views != 6 {
		t.Errorf("totals = %d views %d visitors, want 6 and 3 (once per day)", rep.Views, rep.Visitors)
	}
	pages := map[string]wire.StatsPage{}
	for _, p := range rep.Pages {
		pages[p.Path] = p
	}
	if p := pages["/"]; p.Views != 5 || p.Uniques != 3 {
		t.Errorf("page / = %+v, want 5 views, 3 daily uniques", p)
	}
	if p := pages["/security"]; p.Views != 1 || p.Uniques != 1 {
		t.Errorf("page /security = %+v", p)
	}
	if len(rep.Browsers) != 1 || rep.Browsers[0] != (wire.StatsCount{Value: "Firefox", Count: 3}) {
		t.Errorf("browsers = %v, want Firefox counted once per visitor and day", rep.Browsers)
	}
	if len(rep.Referrers) != 1 || rep.Referrers[0].Count != 6 {
		t.Errorf("referrers = %v", rep.Referrers)
	}
}

func TestSaltRotation(t *testing.T) {
	s, c, _ := newTestService(t)
	mustRecord(t, s, hit("/", testIP, testUA))
	s.mu.Lock()
	oldSalt, oldHash := s.salt, s.hash(netip.MustParseAddr(testIP), testUA, "fortfolio.test")
	s.mu.Unlock()
	if len(oldSalt) != SaltSize {
		t.Fatalf("salt has %d bytes", len(oldSalt))
	}
	// A day later the maintenance loop runs without any traffic.
	c.add(24 * time.Hour)
	if err := s.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	gone := s.salt == nil && len(s.seen) == 0
	s.mu.Unlock()
	if !gone {
		t.Fatal("yesterday's salt or visitor set survived rotation")
	}
	if strings.Trim(string(oldSalt), "\x00") != "" {
		t.Error("the old salt was not overwritten: yesterday's hashes could be recomputed")
	}
	mustRecord(t, s, hit("/", testIP, testUA))
	s.mu.Lock()
	newHash, age := s.hash(netip.MustParseAddr(testIP), testUA, "fortfolio.test"), c.now().Sub(s.saltAt)
	s.mu.Unlock()
	if newHash == oldHash {
		t.Error("the same visitor hashes the same on two days")
	}
	if age > 48*time.Hour {
		t.Errorf("salt is %v old", age)
	}
}

func TestSaltNeverOlderThan48Hours(t *testing.T) {
	s, c, _ := newTestService(t)
	for i := range 5 * 24 {
		if i%7 == 0 {
			mustRecord(t, s, hit("/", testIP, testUA))
		}
		c.add(time.Hour)
		if err := s.Maintain(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.mu.Lock()
		salt, at := s.salt, s.saltAt
		s.mu.Unlock()
		if salt != nil && c.now().Sub(at) > 48*time.Hour {
			t.Fatalf("hour %d: salt made %v ago", i, c.now().Sub(at))
		}
	}
}

func TestNothingIdentifyingIsStored(t *testing.T) {
	s, _, dir := newTestService(t)
	for _, p := range []string{"/", "/portfolios/{id}", "/portfolios/{id}/analytics"} {
		mustRecord(t, s, hit(p, testIP, testUA))
	}
	s.mu.Lock()
	var hashes []string
	for h := range s.seen {
		hashes = append(hashes, fmt.Sprintf("%x", h))
	}
	s.mu.Unlock()
	needles := append([]string{testIP, testUA, "StatsPrivacyProbe"}, hashes...)
	scan := storetest.ScanDB(t, filepath.Join(dir, "fortfolio.db"), needles...)
	if scan.Tables < 5 {
		t.Fatalf("only %d tables found", scan.Tables)
	}
	if len(scan.Found) > 0 {
		t.Fatalf("identifying data stored: %v", scan.Found)
	}
	if rep := report(t, s, "", ""); rep.Views != 3 {
		t.Fatalf("views = %d, want 3 (the scan must look at a database that has data)", rep.Views)
	}
}

func TestRetention(t *testing.T) {
	s, c, _ := newTestService(t)
	mustRecord(t, s, hit("/", testIP, testUA))
	c.add(399 * 24 * time.Hour)
	if err := s.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rep := report(t, s, "2024-05-01", "2024-05-31"); rep.Views != 1 {
		t.Fatalf("views = %d after 399 days, want 1", rep.Views)
	}
	c.add(2 * 24 * time.Hour)
	if err := s.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rep := report(t, s, "2024-05-01", "2024-05-31"); rep.Views != 0 || len(rep.Browsers) != 0 || len(rep.Pages) != 0 {
		t.Fatalf("rows older than 400 days survived: %+v", rep)
	}
}

func TestRecordRefusesBadInput(t *testing.T) {
	s, _, _ := newTestService(t)
	tests := []struct {
		name string
		edit func(*Hit)
		want error
	}{
		{"id in path", func(h *Hit) { h.Path = "/portfolios/abc123" }, ErrUnknownPath},
		{"query string", func(h *Hit) { h.Path = "/?x=1" }, ErrUnknownPath},
		{"empty path", func(h *Hit) { h.Path = "" }, ErrUnknownPath},
		{"script referrer", func(h *Hit) { h.Referrer = "<script>" }, ErrBadReferrer},
		{"formula referrer", func(h *Hit) { h.Referrer = "=cmd|x" }, ErrBadReferrer},
		{"negative screen", func(h *Hit) { h.ScreenWidth = -1 }, ErrBadScreen},
		{"huge screen", func(h *Hit) { h.ScreenWidth = 1 << 30 }, ErrBadScreen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hit("/", testIP, testUA)
			tt.edit(&h)
			if err := s.Record(context.Background(), h); err != tt.want {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDimensionValuesAreBounded(t *testing.T) {
	s, _, _ := newTestService(t)
	s.cfg.MaxValues = 3
	for i := range 10 {
		h := hit("/", fmt.Sprintf("198.51.100.%d", i), testUA)
		h.Referrer = fmt.Sprintf("site%d.example", i)
		mustRecord(t, s, h)
	}
	rep := report(t, s, "", "")
	if len(rep.Referrers) != 4 || rep.Referrers[0] != (wire.StatsCount{Value: "Other", Count: 7}) {
		t.Fatalf("referrers = %v, want 3 hosts and Other=7", rep.Referrers)
	}
}

func TestOwnHostAndBotsAreNotCounted(t *testing.T) {
	s, _, _ := newTestService(t)
	h := hit("/", testIP, testUA)
	h.Referrer = "https://fortfolio.test:8000/portfolios"
	mustRecord(t, s, h)
	mustRecord(t, s, hit("/", testIP, "Mozilla/5.0 (compatible; Googlebot/2.1)"))
	rep := report(t, s, "", "")
	if rep.Views != 1 || len(rep.Referrers) != 0 {
		t.Fatalf("views %d referrers %v: want 1 view and no self-referrer", rep.Views, rep.Referrers)
	}
}
