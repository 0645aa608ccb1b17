package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// statsUA is a User-Agent no other test uses, so the database scan can
// look for it.
const statsUA = "Mozilla/5.0 (X11; Linux x86_64) PrivacyScanProbe/4.2 Firefox/128.0"

// pageView posts a page view with extra headers and returns the status.
func (ts *testServer) pageView(body any, headers map[string]string) response {
	ts.t.Helper()
	raw, _ := json.Marshal(body)
	if s, ok := body.(string); ok {
		raw = []byte(s)
	}
	req, err := http.NewRequest("POST", ts.URL+"/api/stats/pageview", strings.NewReader(string(raw)))
	if err != nil {
		ts.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", statsUA)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return ts.send(req)
}

func (ts *testServer) statsReport(token string) wire.StatsReport {
	ts.t.Helper()
	r := ts.do("GET", "/api/admin/stats", token, nil)
	if r.Status != http.StatusOK {
		ts.t.Fatalf("stats: %d %s", r.Status, r.Body)
	}
	var rep wire.StatsReport
	if err := json.Unmarshal([]byte(r.Body), &rep); err != nil {
		ts.t.Fatal(err)
	}
	return rep
}

// pageViewScenario posts a page view from the test browser (statsUA)
// with extra headers.
func pageViewScenario(name string, body any, headers map[string]string, status int) scenario {
	h := map[string]string{"User-Agent": statsUA}
	for k, v := range headers {
		h[k] = v
	}
	return scenario{name: name, method: "POST", path: "/api/stats/pageview", headers: h, body: body, wantStatus: status}
}

func TestPageViewInput(t *testing.T) {
	ts := newTestServer(t)
	big := `{"path":"/","referrer":"` + strings.Repeat("a", 2100) + `"}`
	ts.runScenarios(t, []scenario{
		pageViewScenario("home", wire.PageView{Path: "/", Referrer: "news.example.org", ScreenWidth: 1280}, nil, 204),
		pageViewScenario("template", wire.PageView{Path: "/portfolios/{id}/analytics"}, nil, 204),
		pageViewScenario("referrer url cut to host", wire.PageView{Path: "/", Referrer: "https://a.example/x?q=1"}, nil, 204),
		pageViewScenario("id in path", wire.PageView{Path: "/portfolios/AbC123"}, nil, 400),
		pageViewScenario("query string", wire.PageView{Path: "/portfolios?x=1"}, nil, 400),
		pageViewScenario("unknown page", wire.PageView{Path: "/wp-admin"}, nil, 400),
		pageViewScenario("bad referrer", wire.PageView{Path: "/", Referrer: "<img src=x>"}, nil, 400),
		pageViewScenario("bad screen", wire.PageView{Path: "/", ScreenWidth: -5}, nil, 400),
		pageViewScenario("unknown field", `{"path":"/","ip":"1.2.3.4"}`, nil, 400),
		pageViewScenario("two values", `{"path":"/"}{"path":"/"}`, nil, 400),
		pageViewScenario("too large", big, nil, 413),
	})
}

func TestStatsCountsAndAdminReport(t *testing.T) {
	ts := newTestServer(t, testOptions{dev: true})
	admin, _ := ts.registerAndLogin("statsadmin", "a long secret phrase")
	user, _ := ts.registerAndLogin("statsuser", "another long phrase")
	var views []scenario
	for _, p := range []string{"/", "/", "/portfolios/{id}", "/security"} {
		views = append(views, pageViewScenario("view "+p, wire.PageView{Path: p, Referrer: "-cmd.example", ScreenWidth: 390}, nil, 204))
	}
	for _, h := range []map[string]string{{"DNT": "1"}, {"Sec-GPC": "1"}} {
		views = append(views, pageViewScenario("opted out", wire.PageView{Path: "/login"}, h, 204))
	}
	ts.runScenarios(t, views)
	rep := ts.statsReport(admin)
	if rep.Views != 4 || rep.Visitors != 1 {
		t.Fatalf("report = %d views %d visitors, want 4 and 1", rep.Views, rep.Visitors)
	}
	for _, p := range rep.Pages {
		if p.Path == "/login" {
			t.Error("a Do Not Track / GPC view was counted")
		}
	}
	if len(rep.Days) != 30 || rep.Days[29].Day != time.Now().UTC().Format(time.DateOnly) {
		t.Errorf("days = %d ending %v", len(rep.Days), rep.Days[len(rep.Days)-1])
	}
	ts.runScenarios(t, []scenario{
		{name: "anonymous", method: "GET", path: "/api/admin/stats", wantStatus: 401},
		{name: "not admin", method: "GET", path: "/api/admin/stats", token: user, wantStatus: 403, notWant: []string{"views"}},
		{name: "not admin csv", method: "GET", path: "/api/admin/stats.csv", token: user, wantStatus: 403},
		{name: "bad date", method: "GET", path: "/api/admin/stats?from=2024-13-01", token: admin, wantStatus: 400},
		{name: "reversed", method: "GET", path: "/api/admin/stats?from=2024-02-01&to=2024-01-01", token: admin, wantStatus: 400},
		{name: "too long", method: "GET", path: "/api/admin/stats?from=2000-01-01&to=2024-01-01", token: admin, wantStatus: 400},
		{name: "range", method: "GET", path: "/api/admin/stats?from=2024-01-01&to=2024-01-03", token: admin, wantStatus: 200,
			want: []string{`"day":"2024-01-03"`}, notWant: []string{`"day":"2024-01-04"`}},
		{name: "csv", method: "GET", path: "/api/admin/stats.csv", token: admin, wantStatus: 200,
			want:    []string{"day,kind,key,views_or_count,uniques", ",page,/portfolios/{id},1,1", ",referrer,'-cmd.example,4,", ",device,Desktop,1,"},
			notWant: []string{",referrer,-cmd"}},
	})
}

func TestPageViewFloodIsLimited(t *testing.T) {
	ts := newTestServer(t)
	var limited response
	for i := 0; i < 200 && limited.Status == 0; i++ {
		if r := ts.pageView(wire.PageView{Path: "/"}, nil); r.Status == http.StatusTooManyRequests {
			limited = r
		}
	}
	if limited.Status != http.StatusTooManyRequests || limited.Header.Get("Retry-After") == "" {
		t.Fatalf("200 page views from one address were never limited (last %+v)", limited)
	}
}

// TestStatsStoreNoIdentifiers scans every column of every table of the
// accounts database for the client's address and User-Agent.
func TestStatsStoreNoIdentifiers(t *testing.T) {
	ts := newTestServer(t)
	for _, p := range []string{"/", "/portfolios", "/portfolios/{id}/analytics"} {
		if r := ts.pageView(wire.PageView{Path: p, Referrer: "ref.example", ScreenWidth: 1024}, nil); r.Status != 204 {
			t.Fatalf("pageview: %d %s", r.Status, r.Body)
		}
	}
	scan := scanAccounts(t, ts, "127.0.0.1", statsUA, "PrivacyScanProbe", "::1")
	for _, f := range scan.Found {
		t.Errorf("table holds %s", f)
	}
	if scan.Cells < 10 {
		t.Fatalf("scanned only %d cells: the statistics were not stored", scan.Cells)
	}
}
