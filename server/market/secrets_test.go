package market

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// TestKeysNeverLeak drives every failure path with a canary key and checks
// returned errors, failure events and log output.
func TestKeysNeverLeak(t *testing.T) {
	t.Parallel()
	echoURL := func(code int, field string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, code, map[string]any{"status": "ERROR", field: "bad request for " + r.URL.String() +
				" raw=" + r.URL.RawQuery + " auth=" + r.Header.Get("Authorization")})
		}
	}
	echoText := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, "<html>%s %s\x1b[31m</html>", r.URL, r.Header.Get("Authorization"))
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"fmp style 401 echo", echoURL(401, "Error Message")},
		{"polygon style 400 echo", echoURL(400, "error")},
		{"200 error envelope echo", echoURL(200, "Error Message")},
		{"429 echo", echoURL(429, "error")},
		{"html 502 echo", echoText},
	}
	for _, prov := range []string{"fmp", "polygon"} {
		for _, tc := range tests {
			t.Run(prov+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				f := newFake(t, tc.handler)
				e := testEnv(t, f.srv.URL)
				open := NewFMP
				if prov == "polygon" {
					e.cfg.PolygonKey, open = canary, NewPolygon
				} else {
					e.cfg.FMPKey = canary
				}
				p := openRemote(t, open, e.cfg)
				checkAllCalls(t, p, e)
			})
		}
	}
}

// TestKeyNotInURLErrors covers *url.Error, whose text holds the full URL
// including FMP's apikey parameter.
func TestKeyNotInURLErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t, fmpHandler(t))
	f.srv.Close() // connection refused: the transport error carries the URL
	e := testEnv(t, f.srv.URL)
	e.cfg.FMPKey = canary
	p := openRemote(t, NewFMP, e.cfg)
	checkAllCalls(t, p, e)
	if len(e.ev.all()) == 0 {
		t.Fatal("no failure events")
	}
}

func checkAllCalls(t *testing.T, p *Remote, e *env) {
	t.Helper()
	ctx := context.Background()
	var errs []string
	if _, err := p.History(ctx, "IBM", date(t, "2017-01-02"), date(t, "2017-01-06")); err != nil {
		errs = append(errs, err.Error())
	}
	if _, err := p.Search(ctx, "ibm", 5); err != nil {
		errs = append(errs, err.Error())
	}
	if _, err := p.Symbol(ctx, "SAP"); err != nil {
		errs = append(errs, err.Error())
	}
	if _, err := p.Latest(ctx, "IBM"); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) == 0 {
		t.Fatal("expected failures")
	}
	noCanary(t, "errors", strings.Join(errs, "\n"))
	for _, ev := range e.ev.all() {
		noCanary(t, "event", fmt.Sprintf("%+v", ev))
		if strings.ContainsRune(ev.Message, '\x1b') {
			t.Fatalf("control character in event: %q", ev.Message)
		}
	}
	noCanary(t, "logs", e.logs.String())
}

func TestRedactor(t *testing.T) {
	t.Parallel()
	r := newRedactor(canary)
	tests := []struct{ name, in string }{
		{"raw", "key " + canary},
		{"query escaped", "https://x/?apikey=CANARY-k3y-5ecret%2B%2F%3D&a=1"},
		{"path escaped", "/p/CANARY-k3y-5ecret+%2F="},
		{"other apikey", "https://x/?apiKey=CANARY-other&x=1"},
		{"long", strings.Repeat("x", 1000) + canary},
		{"split by truncation", strings.Repeat("x", maxMessageLen-5) + canary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := r.clean(tc.in)
			noCanary(t, "redacted", got)
			if len(got) > maxMessageLen+3 {
				t.Fatalf("not truncated: %d", len(got))
			}
		})
	}
}

func FuzzRedactor(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("key-0000", "prefix key-0000 suffix")
	f.Add("a+b/c-12", "?apikey=a%2Bb%2Fc-12")
	f.Add("00000000", "0\xfa00")
	f.Add("D]xD]xD]", "D]xD]x")
	f.Add("kkkkkkkk", "apikey=apikey=apikey=")
	f.Fuzz(func(t *testing.T, key, s string) {
		if checkKey(key) != nil {
			return
		}
		seen.Reached()
		got := newRedactor(key).clean(s + key + s)
		if strings.Contains(got, key) && !strings.Contains(redacted, key) {
			t.Fatalf("key %q survives in %q", key, got)
		}
	})
}
