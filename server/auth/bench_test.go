package auth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store"
)

type nopRecorder struct{}

func (nopRecorder) Audit(context.Context, audit.Entry)         {}
func (nopRecorder) Event(context.Context, model.SecurityEvent) {}

func newBenchService(b *testing.B, cost int) (*Service, *Tokens) {
	b.Helper()
	st, err := store.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	h, err := NewHasher([]byte(strings.Repeat("p", 32)), cost)
	if err != nil {
		b.Fatal(err)
	}
	tok, _ := NewTokens([]byte(strings.Repeat("s", 32)), nil)
	rules := ratelimit.DefaultUserRules()
	rules[ratelimit.ClassLogin] = ratelimit.PerMinute(1e9, 1e9)
	lim, _ := ratelimit.NewUserLimiter(ratelimit.UserConfig{Rules: rules})
	b.Cleanup(func() { lim.Close() })
	return NewService(Options{Store: st, Hasher: h, Tokens: tok, Limits: lim, Record: nopRecorder{}}), tok
}

// BenchmarkParseToken is the signature and claims check of every request.
func BenchmarkParseToken(b *testing.B) {
	tok, _ := NewTokens([]byte(strings.Repeat("s", 32)), nil)
	raw, _, _ := tok.Issue("user1", time.Now())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tok.Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticate is the full per-request cost: parse, load the
// user, check tokens_valid_after and the revoked list in SQLite.
func BenchmarkAuthenticate(b *testing.B) {
	svc, _ := newBenchService(b, 4)
	if _, _, err := svc.Register(context.Background(), "127.0.0.1", "bench", "a sturdy passphrase 1"); err != nil {
		b.Fatal(err)
	}
	res, err := svc.Login(context.Background(), Attempt{IP: "127.0.0.1", Username: "bench", Password: "a sturdy passphrase 1"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := svc.Authenticate(context.Background(), res.Token); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoginCost12 measures login throughput at the production bcrypt
// cost under the concurrency bound (logins/s = 1e9 / ns/op x parallelism).
func BenchmarkLoginCost12(b *testing.B) {
	svc, _ := newBenchService(b, BcryptCost)
	if _, _, err := svc.Register(context.Background(), "127.0.0.1", "bench", "a sturdy passphrase 1"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, err := svc.Login(context.Background(), Attempt{IP: "127.0.0.1", Username: "bench", Password: "a sturdy passphrase 1"})
			if err != nil && err != ErrBusy {
				b.Error(err)
			}
		}
	})
}
