// Package refusal counts requests refused by a limit (per-IP and per-user
// rate limits, login locks, the bound on concurrent password checks) in
// memory and writes them in batches: one security event with a count and
// one audit summary per client, kind and minute. A refusal therefore costs
// no synchronous database or disk write, and a flood of refusals adds a few
// rows instead of one per request.
package refusal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
)

// Security event kinds of refusals.
const (
	// KindRateLimited is a request refused by a per-IP or per-user limit.
	KindRateLimited = "rate_limited"
	// KindLoginRefused is a login attempt refused before its password was
	// checked (rate limit, lock of untrusted clients or of one device, the
	// bound on concurrent password checks).
	KindLoginRefused = "login_refused"
)

// Refusal is one refused request.
type Refusal struct {
	// Kind is the security event kind (KindRateLimited, KindLoginRefused).
	Kind string
	// IP is the client address as the rate limiter saw it.
	IP string
	// UserID is the account the request came from or aimed at, when known.
	UserID string
	// Username is the account name a refused login tried ("" otherwise);
	// the attempt is counted for that user's failed-attempts notice.
	Username string
	// Detail is a stable reason ("api", "compute", "untrusted clients
	// locked"): refusals with the same kind, client, account, reason and
	// minute become one row.
	Detail string
}

// EventStore writes batches of security events and refused-login counts.
// *store.Store satisfies it.
type EventStore interface {
	AddSecurityEvents(ctx context.Context, events []model.SecurityEvent) error
	AddRefusedLogins(ctx context.Context, counts map[string]int) error
}

// Auditor appends audit entries (the platform's recorder).
type Auditor interface {
	Audit(ctx context.Context, e audit.Entry)
}

// Defaults of Config.
const (
	// DefaultEvery is how often completed minutes are written.
	DefaultEvery = 10 * time.Second
	// DefaultMaxKeys bounds distinct (kind, client, account, reason) rows
	// per minute; further refusals of that minute share one overflow row.
	DefaultMaxKeys = 200
	// DefaultMaxUsers bounds the account names whose refused logins are
	// counted between two writes; the overflow is still in the totals.
	DefaultMaxUsers = 10000
)

// Config wires an Aggregator.
type Config struct {
	Store EventStore
	Audit Auditor
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Every is the write period (DefaultEvery when zero).
	Every time.Duration
	// MaxKeys and MaxUsers bound memory (defaults when zero).
	MaxKeys, MaxUsers int
}

// key identifies one counted row.
type key struct {
	minute                   int64 // Unix minute
	kind, ip, user, username string
	detail                   string
}

// bucket is the count of one key.
type bucket struct {
	count       int
	first, last time.Time
}

// Aggregator collects refusals and writes them in the background. Create it
// with New; Close stops it after writing everything still held.
type Aggregator struct {
	cfg     Config
	mu      sync.Mutex
	buckets map[key]*bucket
	perMin  map[int64]int  // distinct keys per minute
	logins  map[string]int // username key -> refused attempts not yet written
	// writing is held while held login counts move to the store, so a
	// login settling its count never sees them in neither place.
	writing chan struct{}
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// New starts an aggregator writing every cfg.Every.
func New(cfg Config) *Aggregator {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Every <= 0 {
		cfg.Every = DefaultEvery
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = DefaultMaxKeys
	}
	if cfg.MaxUsers <= 0 {
		cfg.MaxUsers = DefaultMaxUsers
	}
	a := &Aggregator{cfg: cfg, buckets: map[key]*bucket{}, perMin: map[int64]int{}, logins: map[string]int{},
		writing: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go a.run()
	return a
}

// Add counts one refusal. It only takes a mutex: no I/O.
func (a *Aggregator) Add(r Refusal) {
	now := a.cfg.Now()
	k := key{minute: now.Unix() / 60, kind: clip(r.Kind, 64), ip: clip(r.IP, 64), user: clip(r.UserID, 64),
		username: clip(r.Username, 64), detail: clip(r.Detail, 128)}
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.Username != "" {
		a.countLogin(store.UsernameKey(k.username))
	}
	b, ok := a.buckets[k]
	if !ok && a.perMin[k.minute] >= a.cfg.MaxKeys {
		k = key{minute: k.minute, kind: k.kind, detail: "other clients (row limit of the minute reached)"}
		b, ok = a.buckets[k]
	}
	if !ok {
		b = &bucket{first: now}
		a.buckets[k] = b
		a.perMin[k.minute]++
	}
	b.count++
	b.last = now
}

// countLogin adds one refused attempt to an account name's pending count.
func (a *Aggregator) countLogin(name string) {
	if _, ok := a.logins[name]; ok || len(a.logins) < a.cfg.MaxUsers {
		a.logins[name]++
	}
}

// SettleLogins reports an account name's refused login attempts at a
// successful login: stored reads (and resets) the count in the store, and
// the attempts held here are added and forgotten. No write of held counts
// runs in between, so every refused attempt is reported exactly once. On
// an error of stored the held attempts stay for the next write.
func (a *Aggregator) SettleLogins(username string, stored func() (int, error)) (int, error) {
	a.writing <- struct{}{}
	defer func() { <-a.writing }()
	n, err := stored()
	if err != nil {
		return 0, err
	}
	name := store.UsernameKey(username)
	a.mu.Lock()
	defer a.mu.Unlock()
	n += a.logins[name]
	delete(a.logins, name)
	return n, nil
}

// Flush writes everything held, the current minute included (tests and
// shutdown); the background loop writes completed minutes only.
func (a *Aggregator) Flush(ctx context.Context) error {
	return a.write(ctx, true)
}

// Close stops the background loop and writes everything still held.
func (a *Aggregator) Close() error {
	a.once.Do(func() { close(a.stop) })
	<-a.done
	return a.Flush(context.Background())
}

func (a *Aggregator) run() {
	defer close(a.done)
	t := time.NewTicker(a.cfg.Every)
	defer t.Stop()
	for {
		select {
		case <-a.stop:
			return
		case <-t.C:
			_ = a.write(context.Background(), false)
		}
	}
}

// take removes the buckets to write (of completed minutes unless all) and
// the pending login counts.
func (a *Aggregator) take(all bool) (map[key]*bucket, map[string]int) {
	current := a.cfg.Now().Unix() / 60
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[key]*bucket{}
	for k, b := range a.buckets {
		if all || k.minute < current {
			out[k] = b
			delete(a.buckets, k)
		}
	}
	for m := range a.perMin {
		if all || m < current {
			delete(a.perMin, m)
		}
	}
	logins := a.logins
	a.logins = map[string]int{}
	return out, logins
}

// write stores the taken buckets as counted security events and audit
// summaries, and adds the refused logins to each account's count.
func (a *Aggregator) write(ctx context.Context, all bool) error {
	a.writing <- struct{}{}
	buckets, logins := a.take(all)
	var errs []error
	if len(logins) > 0 {
		errs = append(errs, a.cfg.Store.AddRefusedLogins(ctx, logins))
	}
	<-a.writing
	if len(buckets) > 0 {
		events := make([]model.SecurityEvent, 0, len(buckets))
		for k, b := range buckets {
			events = append(events, model.SecurityEvent{At: b.first, Kind: k.kind, UserID: k.user, IP: k.ip,
				Detail: describe(k), Count: b.count})
			a.cfg.Audit.Audit(ctx, summary(k, b))
		}
		errs = append(errs, a.cfg.Store.AddSecurityEvents(ctx, events))
	}
	if err := errors.Join(errs...); err != nil {
		slog.Error("refusal: write counts failed", slog.Int("rows", len(buckets)), slog.Any("error", err))
		return fmt.Errorf("refusal: write: %w", err)
	}
	return nil
}

// describe is the event detail: the reason, and the account name tried.
func describe(k key) string {
	if k.username == "" {
		return k.detail
	}
	return k.detail + ": " + k.username
}

// summary is the audit entry of one counted row.
func summary(k key, b *bucket) audit.Entry {
	d := map[string]string{"kind": k.kind, "reason": k.detail, "count": strconv.Itoa(b.count),
		"first": b.first.UTC().Format(time.RFC3339), "last": b.last.UTC().Format(time.RFC3339)}
	if k.username != "" {
		d["username"] = k.username
	}
	return audit.Entry{IP: k.ip, Action: audit.ActionRateLimitHit, Target: k.user, Details: d}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
