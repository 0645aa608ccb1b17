package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"

	"github.com/fortfolio/fortfolio/server/testenv"
)

const benchHost = "bench.example"

// benchPlatform is a real server (temp data dir, generous limits, bcrypt's
// minimum cost) called in-process through its whole handler chain.
func benchPlatform(b *testing.B, adjust ...func(*config.Config)) *platform.Platform {
	b.Helper()
	// The access log is written as in production, to nowhere.
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.Cleanup(func() { slog.SetDefault(prev) })
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(1<<30, 1<<30)
	}
	cfg := config.Config{
		DataDir: b.TempDir(), AllowedHosts: []string{benchHost}, RateGeneral: 1 << 30, RateAPI: 1 << 30,
		JWTSecret: []byte(strings.Repeat("k", 32)), Pepper: []byte(strings.Repeat("p", 32)),
	}
	for _, f := range adjust {
		f(&cfg)
	}
	p, err := platform.New(context.Background(), cfg, platform.Options{BcryptCost: bcrypt.MinCost, UserRules: rules})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Close() })
	return p
}

// benchCall serves one request in-process and decodes a JSON answer.
func benchCall(b *testing.B, h http.Handler, method, path, token, body string, out any) {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, benchRequest(method, path, token, body))
	if rec.Code >= 300 {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRequest(method, path, token, body string) *http.Request {
	req := httptest.NewRequest(method, "http://"+benchHost+path, strings.NewReader(body))
	req.RemoteAddr = "198.51.100.7:4000"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set(wire.TokenHeader, token)
	}
	return req
}

// benchUser registers and logs in a user with n portfolios.
func benchUser(b *testing.B, h http.Handler, name string, n int) (token string, portfolios []string) {
	b.Helper()
	creds := `{"username":"` + name + `","password":"a sturdy passphrase 42"}`
	benchCall(b, h, "POST", "/api/auth/register", "", creds, nil)
	var tok wire.LoginResponse
	benchCall(b, h, "POST", "/api/auth/login", "", creds, &tok)
	for range n {
		var p wire.Portfolio
		benchCall(b, h, "POST", "/api/portfolios", tok.Token.Token, `{"name":"Bench"}`, &p)
		portfolios = append(portfolios, p.ID)
	}
	return tok.Token.Token, portfolios
}

// BenchmarkListPortfolios is GET /api/portfolios of an account with 10
// portfolios through the whole handler chain (headers, limits,
// authentication, the user's database, JSON): the list-50 scenario of
// the side-by-side benchmark without the network.
func BenchmarkListPortfolios(b *testing.B) {
	h := benchPlatform(b).Handler
	token, _ := benchUser(b, h, "bench", 10)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, benchRequest("GET", "/api/portfolios", token, ""))
			if rec.Code != http.StatusOK {
				b.Errorf("list: %d", rec.Code)
				return
			}
		}
	})
}

// BenchmarkListPortfolios50 is BenchmarkListPortfolios from 50
// concurrent clients on one account (the list-50 scenario's concurrency).
func BenchmarkListPortfolios50(b *testing.B) {
	h := benchPlatform(b).Handler
	token, _ := benchUser(b, h, "bench", 10)
	benchList(b, h, []string{token})
}

// BenchmarkListPortfoliosUsers is the list from 50 concurrent clients
// rotating over many accounts with 10 portfolios each (the users-50
// scenario without the network): against BenchmarkListPortfolios50 it
// shows what many active users cost.
func BenchmarkListPortfoliosUsers(b *testing.B) {
	for _, n := range []int{20, 1000} {
		// Set up once (the sub-benchmark's body runs several times), and
		// 10,000 portfolios need not wait for the disk.
		h := benchPlatform(b, func(c *config.Config) { c.UserDBSync = "normal" }).Handler
		tokens := make([]string, n)
		for i := range tokens {
			tokens[i], _ = benchUser(b, h, "bench"+strconv.Itoa(i), 10)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchList(b, h, tokens) })
	}
}

// benchList lists portfolios from 50 clients, each starting at its own
// place in tokens and moving on by one token per request.
func benchList(b *testing.B, h http.Handler, tokens []string) {
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((50 + procs - 1) / procs)
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	defer testenv.ReportCPU(b, testenv.CPUTime(), time.Microsecond)
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(7919))
		for pb.Next() {
			i++
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, benchRequest("GET", "/api/portfolios", tokens[i%len(tokens)], ""))
			if rec.Code != http.StatusOK {
				b.Errorf("list: %d", rec.Code)
				return
			}
		}
	})
}

// BenchmarkAddTransaction is one transaction appended through the whole
// handler chain (validation, the incremental check, the write, the audit
// entry), from parallel clients on one account (one per GOMAXPROCS; -cpu 1
// is the write-1 scenario of the side-by-side benchmark).
func BenchmarkAddTransaction(b *testing.B) { benchAdd(b, 1) }

// BenchmarkAddTransaction50 is BenchmarkAddTransaction from 50 concurrent
// clients (the write-50 scenario without the network).
func BenchmarkAddTransaction50(b *testing.B) { benchAdd(b, 50) }

// benchAdd appends transactions to one portfolio from at least clients
// goroutines.
func benchAdd(b *testing.B, clients int) {
	h := benchPlatform(b).Handler
	token, ids := benchUser(b, h, "bench", 1)
	path := "/api/portfolios/" + ids[0] + "/transactions"
	body := `{"date":"2015-06-01","kind":"buy","ticker":"AAPL","quantity":1,"price":127.5,"fee":1}`
	b.ReportAllocs()
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((clients + procs - 1) / procs)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, benchRequest("POST", path, token, body))
			if rec.Code != http.StatusCreated {
				b.Errorf("add: %d %s", rec.Code, rec.Body)
				return
			}
		}
	})
}
