package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Bounds of the run. `make test` runs the short load; `make loadtest`
// (FORTFOLIO_LOADTEST=1) the long one; FORTFOLIO_LOAD_SECONDS overrides both.
const (
	workers       = 16
	maxHeapGrowth = 256 << 20
	shortLoad     = 5 * time.Second
	longLoad      = 20 * time.Second
)

// loadDuration returns how long the workers send requests.
func loadDuration() time.Duration {
	if s := os.Getenv("FORTFOLIO_LOAD_SECONDS"); s != "" {
		if d, err := time.ParseDuration(s + "s"); err == nil && d > 0 && d <= 10*time.Minute {
			return d
		}
	}
	if os.Getenv("FORTFOLIO_LOADTEST") != "" {
		return longLoad
	}
	return shortLoad
}

type counters struct {
	ok, client, limited, server atomic.Int64
}

func (c *counters) add(status int) {
	switch {
	case status >= 500:
		c.server.Add(1)
	case status == 429:
		c.limited.Add(1)
	case status >= 400:
		c.client.Add(1)
	default:
		c.ok.Add(1)
	}
}

type worker struct {
	base   string
	token  string
	client *http.Client
	c      *counters
	t      *testing.T
}

func (w *worker) call(method, path string, body any, out any) int {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, w.base+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if w.token != "" {
		req.Header.Set(wire.TokenHeader, w.token)
	}
	res, err := w.client.Do(req)
	if err != nil {
		w.t.Errorf("%s %s: %v", method, path, err)
		return 0
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	w.c.add(res.StatusCode)
	if res.StatusCode >= 500 {
		w.t.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	if out != nil && res.StatusCode < 300 {
		_ = json.Unmarshal(data, out)
	}
	return res.StatusCode
}

// retry repeats call while it answers 429, for at most a minute. Set-up is
// not timed (the clock starts after every worker has logged in), and with
// password hashing bounded to NumCPU, registering and logging in every
// worker under -race on a busy 2-core machine can take longer than the run.
func (w *worker) retry(call func() int) {
	for deadline := time.Now().Add(time.Minute); call() == http.StatusTooManyRequests && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
}

// session registers and logs in one user and creates a portfolio.
func (w *worker) session(i int) string {
	name := fmt.Sprintf("load%d", i)
	creds := wire.Credentials{Username: name, Password: "load test password"}
	// Password hashing is bounded to NumCPU at a time: a 429 means wait.
	w.retry(func() int { return w.call("POST", "/api/auth/register", creds, nil) })
	var lr wire.LoginResponse
	w.retry(func() int { return w.call("POST", "/api/auth/login", creds, &lr) })
	if lr.Token.Token == "" {
		w.t.Errorf("%s could not log in", name)
		return ""
	}
	w.token = lr.Token.Token
	var p wire.Portfolio
	w.call("POST", "/api/portfolios", wire.PortfolioInput{Name: "Load " + name}, &p)
	w.call("POST", "/api/portfolios/"+p.ID+"/transactions", wire.TransactionInput{Date: "2012-03-01", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 77.8}, nil)
	w.call("POST", "/api/portfolios/"+p.ID+"/transactions", wire.TransactionInput{Date: "2013-06-03", Kind: "buy", Ticker: "MSFT", Quantity: 20, Price: 34.9}, nil)
	return p.ID
}

// loop mixes reads, writes, compute and hostile requests until deadline.
func (w *worker) loop(pid string, deadline time.Time) {
	paths := []func(){
		func() { w.call("GET", "/api/me", nil, nil) },
		func() { w.call("GET", "/api/portfolios", nil, nil) },
		func() { w.call("GET", "/api/portfolios/"+pid+"/holdings", nil, nil) },
		func() { w.call("GET", "/api/portfolios/"+pid+"/transactions", nil, nil) },
		func() {
			w.call("GET", "/api/portfolios/"+pid+"/analytics?from=2012-01-03&to=2017-12-29&benchmark=EQW", nil, nil)
		},
		func() { w.call("GET", "/api/market/symbols?q=app", nil, nil) },
		func() { w.call("GET", "/api/portfolios/..%2f..%2fetc/holdings", nil, nil) },
		func() { w.call("POST", "/api/portfolios", `{"name":`, nil) },
		func() { w.call("GET", "/", nil, nil) },
	}
	for i := 0; time.Now().Before(deadline); i++ {
		paths[i%len(paths)]()
	}
}

// TestLoad sends mixed traffic from many users at once and checks zero 5xx,
// enough successful answers, no goroutine leak and bounded heap growth.
func TestLoad(t *testing.T) {
	dur := loadDuration()
	srv := httptest.NewUnstartedServer(nil)
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(100000, 1000)
	}
	cfg := config.Config{DataDir: t.TempDir(), AllowedHosts: []string{srv.Listener.Addr().String()}, RateGeneral: 1000000, RateAPI: 1000000,
		JWTSecret: []byte(strings.Repeat("s", 32)), Pepper: []byte(strings.Repeat("p", 32))}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost, UserRules: rules})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p.Handler
	srv.Start()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()

	c := &counters{}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	runWorkers(t, srv.URL, client, c, dur)
	client.CloseIdleConnections()
	srv.Close()
	p.Close()

	total := c.ok.Load() + c.client.Load() + c.limited.Load() + c.server.Load()
	t.Logf("%d requests in %v (%.0f/s): %d ok, %d 4xx, %d 429, %d 5xx",
		total, dur, float64(total)/dur.Seconds(), c.ok.Load(), c.client.Load(), c.limited.Load(), c.server.Load())
	if c.server.Load() != 0 {
		t.Errorf("%d server errors", c.server.Load())
	}
	if c.ok.Load() < int64(workers*10) {
		t.Errorf("only %d successful requests", c.ok.Load())
	}
	assertNoLeak(t, goroutines)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("heap in use: %d MiB before, %d MiB after", before.HeapInuse>>20, after.HeapInuse>>20)
	if after.HeapInuse > before.HeapInuse+maxHeapGrowth {
		t.Errorf("heap grew by %d MiB", (after.HeapInuse-before.HeapInuse)>>20)
	}
}

// runWorkers sets up one session per worker (registration and login wait
// out the bound on concurrent hashing), then runs the load for dur.
func runWorkers(t *testing.T, base string, client *http.Client, c *counters, dur time.Duration) {
	ws := make([]*worker, workers)
	pids := make([]string, workers)
	var wg sync.WaitGroup
	for i := range ws {
		ws[i] = &worker{base: base, client: client, c: c, t: t}
		wg.Go(func() { pids[i] = ws[i].session(i) })
	}
	wg.Wait()
	deadline := time.Now().Add(dur)
	for i, w := range ws {
		if pids[i] != "" {
			wg.Go(func() { w.loop(pids[i], deadline) })
		}
	}
	wg.Wait()
}

func assertNoLeak(t *testing.T, before int) {
	for i := 0; i < 50; i++ {
		if runtime.NumGoroutine() <= before+2 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	t.Errorf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf[:n])
}
