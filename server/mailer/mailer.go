// Package mailer sends optional plain-text security notices by e-mail
// through an SMTP relay configured from the environment. Sending is
// asynchronous (a bounded queue and one worker goroutine), rate-limited per
// recipient account, and every failure becomes an "email_failure" security
// event. The SMTP password is never logged, returned or recorded.
package mailer

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
)

// Defaults of Config.
const (
	DefaultTimeout   = 15 * time.Second
	DefaultQueueSize = 100
)

// Limiter is the per-user rate limiter (ratelimit.UserLimiter).
type Limiter interface {
	Allow(key, class string) (bool, time.Duration)
}

// EventRecorder records security events (the platform recorder).
type EventRecorder interface {
	Event(ctx context.Context, e model.SecurityEvent)
}

// Config configures a Mailer. E-mail is off when Addr is empty.
type Config struct {
	// Addr is the SMTP relay as host:port (FORTFOLIO_SMTP_ADDR).
	Addr string
	// From is the sender address (FORTFOLIO_SMTP_FROM).
	From string
	// User and Password enable AUTH PLAIN, which net/smtp sends only over
	// TLS (STARTTLS) or to a loopback relay. Password is a secret.
	User, Password string
	// Timeout bounds one delivery, connect to QUIT (DefaultTimeout).
	Timeout time.Duration
	// QueueSize bounds the queue; a full queue drops (DefaultQueueSize).
	QueueSize int
	// Limiter applies ratelimit.ClassEmail per recipient user; required.
	Limiter Limiter
	// Record receives "email_failure" events; optional.
	Record EventRecorder
	// Logger is slog.Default() when nil.
	Logger *slog.Logger
	// Now is time.Now when nil.
	Now func() time.Time
	// TLSConfig overrides the STARTTLS configuration (tests).
	TLSConfig *tls.Config
}

// Mailer delivers messages in the background. The zero value and a nil
// *Mailer are disabled and drop everything.
type Mailer struct {
	cfg    Config
	from   *mail.Address
	host   string
	queue  chan Message
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
	// pending counts queued and in-flight messages (for Drain).
	pending atomic.Int64
}

// New validates cfg and starts the worker. With an empty Addr it returns a
// disabled Mailer (Enabled is false) and no goroutine.
func New(cfg Config) (*Mailer, error) {
	if cfg.Addr == "" {
		return &Mailer{}, nil
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil || host == "" {
		return nil, errors.New("mailer: FORTFOLIO_SMTP_ADDR must be host:port")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil || strings.ContainsAny(cfg.From, "\r\n") {
		return nil, errors.New("mailer: FORTFOLIO_SMTP_FROM must be an e-mail address")
	}
	if cfg.Limiter == nil {
		return nil, errors.New("mailer: a rate limiter is required")
	}
	if (cfg.User == "") != (cfg.Password == "") {
		return nil, errors.New("mailer: FORTFOLIO_SMTP_USER and FORTFOLIO_SMTP_PASSWORD go together")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = DefaultQueueSize
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m := &Mailer{cfg: cfg, from: from, host: host, queue: make(chan Message, cfg.QueueSize), done: make(chan struct{})}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	go m.run()
	return m, nil
}

// Enabled reports whether e-mail is configured.
func (m *Mailer) Enabled() bool { return m != nil && m.queue != nil }

// Send queues msg and reports whether it was accepted. It never blocks:
// a message over the recipient's "email" rate limit, or one that finds the
// queue full or the mailer closed, is dropped with a log line.
func (m *Mailer) Send(msg Message) bool {
	if !m.Enabled() {
		return false
	}
	log := m.cfg.Logger.With(slog.String("user", msg.UserID))
	if m.ctx.Err() != nil {
		log.Warn("mailer: closed, e-mail dropped")
		return false
	}
	if ok, _ := m.cfg.Limiter.Allow(msg.UserID, ratelimit.ClassEmail); !ok {
		log.Warn("mailer: rate limit reached, e-mail dropped")
		return false
	}
	m.pending.Add(1)
	select {
	case m.queue <- msg:
		return true
	default:
		m.pending.Add(-1)
		log.Warn("mailer: queue full, e-mail dropped")
		return false
	}
}

// Drain waits until every queued message was delivered or failed, or
// ctx ends: one-shot commands (fortfolio alerts run) call it before Close.
func (m *Mailer) Drain(ctx context.Context) error {
	if !m.Enabled() {
		return nil
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for m.pending.Load() > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("mailer: drain: %w", ctx.Err())
		case <-m.done:
			return nil
		case <-t.C:
		}
	}
	return nil
}

// Close stops the worker: the message being sent is abandoned and queued
// ones are dropped (and counted in a log line). It is idempotent.
func (m *Mailer) Close() error {
	if !m.Enabled() {
		return nil
	}
	m.once.Do(func() {
		m.cancel()
		<-m.done
		if n := len(m.queue); n > 0 {
			m.cfg.Logger.Warn("mailer: shutting down, queued e-mail dropped", slog.Int("count", n))
		}
	})
	return nil
}

func (m *Mailer) run() {
	defer close(m.done)
	for {
		select {
		case <-m.ctx.Done():
			return
		case msg := <-m.queue:
			m.deliverAndRecord(msg)
			m.pending.Add(-1)
		}
	}
}

// deliverAndRecord sends one message; a failure (other than shutdown) is
// logged and recorded as an email_failure event with a redacted reason.
func (m *Mailer) deliverAndRecord(msg Message) {
	err := m.deliver(m.ctx, msg)
	if err == nil || m.ctx.Err() != nil {
		return
	}
	reason := err.Error()
	m.cfg.Logger.Warn("mailer: delivery failed", slog.String("user", msg.UserID), slog.String("error", reason))
	if m.cfg.Record != nil {
		m.cfg.Record.Event(context.WithoutCancel(m.ctx), model.SecurityEvent{Kind: "email_failure", UserID: msg.UserID, Detail: reason})
	}
}

// deliver runs one SMTP session within the timeout. Errors are redacted:
// they never carry the password, even if the relay echoes it back.
func (m *Mailer) deliver(ctx context.Context, msg Message) error {
	body, err := build(m.from, msg, m.cfg.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	if err := m.session(ctx, msg.To, body); err != nil {
		return errors.New(m.redact(err.Error()))
	}
	return nil
}

func (m *Mailer) session(ctx context.Context, to string, body []byte) error {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.cfg.Addr)
	if err != nil {
		return fmt.Errorf("mailer: connect: %w", err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	c, err := smtp.NewClient(conn, m.host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("mailer: greeting: %w", err)
	}
	defer c.Close()
	return m.transact(c, to, body)
}

// transact upgrades with STARTTLS when offered, authenticates when
// configured, and sends one message.
func (m *Mailer) transact(c *smtp.Client, to string, body []byte) error {
	if ok, _ := c.Extension("STARTTLS"); ok {
		tc := m.cfg.TLSConfig
		if tc == nil {
			tc = &tls.Config{ServerName: m.host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(tc); err != nil {
			return fmt.Errorf("mailer: starttls: %w", err)
		}
	}
	if m.cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", m.cfg.User, m.cfg.Password, m.host)); err != nil {
			return fmt.Errorf("mailer: auth: %w", err)
		}
	}
	if err := c.Mail(m.from.Address); err != nil {
		return fmt.Errorf("mailer: mail from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mailer: rcpt to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mailer: data: %w", err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("mailer: data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mailer: data: %w", err)
	}
	_ = c.Quit() // the relay has accepted the message
	return nil
}

// redact removes the password and its AUTH PLAIN encodings from s and
// caps its length.
func (m *Mailer) redact(s string) string {
	if p := m.cfg.Password; p != "" {
		plain := "\x00" + m.cfg.User + "\x00" + p
		for _, secret := range []string{p, base64.StdEncoding.EncodeToString([]byte(plain)), base64.StdEncoding.EncodeToString([]byte(p))} {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "")
	}
	return s
}
