package mailer

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
)

const secretPassword = "s3cret-Pa55word-xyz"

// events collects security events.
type events struct {
	mu  sync.Mutex
	got []model.SecurityEvent
	ch  chan model.SecurityEvent
}

func (e *events) Event(_ context.Context, ev model.SecurityEvent) {
	e.mu.Lock()
	e.got = append(e.got, ev)
	e.mu.Unlock()
	e.ch <- ev
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type harness struct {
	m   *Mailer
	ev  *events
	log *syncBuffer
}

func newHarness(t *testing.T, addr string, mut func(*Config)) harness {
	t.Helper()
	lim, err := ratelimit.NewUserLimiter(ratelimit.UserConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lim.Close() })
	h := harness{ev: &events{ch: make(chan model.SecurityEvent, 10)}, log: &syncBuffer{}}
	cfg := Config{Addr: addr, From: "Fortfolio <noreply@fortfolio.test>", Limiter: lim, Record: h.ev,
		Timeout: 5 * time.Second, Logger: slog.New(slog.NewTextHandler(h.log, nil))}
	if mut != nil {
		mut(&cfg)
	}
	h.m, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.m.Close() })
	return h
}

func waitMsg(t *testing.T, f *fakeSMTP) received {
	t.Helper()
	select {
	case r := <-f.arrived:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no message arrived")
	}
	return received{}
}

// parse reads the message, failing on headers outside the fixed set.
func parse(t *testing.T, data string) (*mail.Message, string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	allowed := map[string]bool{"From": true, "To": true, "Subject": true, "Date": true, "Message-Id": true,
		"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true, "Auto-Submitted": true}
	for k, v := range msg.Header {
		if !allowed[k] || len(v) != 1 {
			t.Errorf("unexpected header %q: %q", k, v)
		}
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return msg, string(body)
}

func TestDeliversMessage(t *testing.T) {
	t.Parallel()
	f := newFakeSMTP(t, false)
	h := newHarness(t, f.Addr(), nil)
	if !h.m.Send(Message{UserID: "u1", To: "alice@example.com", Subject: "Your Fortfolio account was locked — ünïcode", Body: "Line one.\nLine two."}) {
		t.Fatal("Send refused")
	}
	got := waitMsg(t, f)
	if got.To != "RCPT TO:<alice@example.com>" || got.From != "MAIL FROM:<noreply@fortfolio.test>" && !strings.HasPrefix(got.From, "MAIL FROM:<noreply@fortfolio.test>") {
		t.Fatalf("envelope: %q %q", got.From, got.To)
	}
	msg, body := parse(t, got.Data)
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != "Your Fortfolio account was locked — ünïcode" {
		t.Fatalf("subject %q %v", subj, err)
	}
	if msg.Header.Get("To") != "<alice@example.com>" {
		t.Fatalf("To %q", msg.Header.Get("To"))
	}
	if strings.TrimSuffix(body, "\r\n") != "Line one.\r\nLine two." {
		t.Fatalf("body %q", body)
	}
}

func TestHeaderInjection(t *testing.T) {
	t.Parallel()
	f := newFakeSMTP(t, false)
	h := newHarness(t, f.Addr(), nil)
	evil := "Hello\r\nBcc: evil@attacker.test\r\nX-Evil: 1"
	h.m.Send(Message{UserID: "u1", To: "bob@example.com", Subject: evil,
		Body: evil + "\r\n\r\n.\r\nMAIL FROM:<x@y.z>\nBcc: evil2@attacker.test"})
	got := waitMsg(t, f)
	msg, body := parse(t, got.Data) // fails on any header outside the fixed set
	if msg.Header.Get("Bcc") != "" || msg.Header.Get("X-Evil") != "" {
		t.Fatal("injected header")
	}
	if !strings.Contains(body, "Bcc: evil2@attacker.test") {
		t.Fatalf("body lost its text: %q", body)
	}
	if strings.Contains(got.To, "attacker") || f.count() != 1 {
		t.Fatalf("envelope changed: %q (%d messages)", got.To, f.count())
	}
	// A recipient carrying a header is refused before any connection.
	if _, err := build(h.m.from, Message{To: "a@b.c\r\nBcc: x@y.z"}, time.Now()); err == nil {
		t.Fatal("CRLF recipient accepted")
	}
}

func TestRateLimitDropsSixth(t *testing.T) {
	t.Parallel()
	f := newFakeSMTP(t, false)
	h := newHarness(t, f.Addr(), nil)
	for i := range 6 {
		ok := h.m.Send(Message{UserID: "u1", To: "carol@example.com", Subject: "n", Body: "b"})
		if ok != (i < 5) {
			t.Fatalf("message %d accepted=%v", i+1, ok)
		}
	}
	for range 5 {
		waitMsg(t, f)
	}
	// Another user has their own budget.
	if !h.m.Send(Message{UserID: "u2", To: "dave@example.com", Subject: "n", Body: "b"}) {
		t.Fatal("other user limited")
	}
	waitMsg(t, f)
	if f.count() != 6 || !strings.Contains(h.log.String(), "rate limit") {
		t.Fatalf("count %d log %q", f.count(), h.log.String())
	}
}

func TestUnreachableRecordsFailureWithoutPassword(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now
	h := newHarness(t, addr, func(c *Config) { c.User, c.Password = "mailuser", secretPassword })
	h.m.Send(Message{UserID: "u1", To: "erin@example.com", Subject: "s", Body: "b"})
	ev := waitEvent(t, h.ev)
	if ev.Kind != "email_failure" || ev.UserID != "u1" || ev.Detail == "" {
		t.Fatalf("event %+v", ev)
	}
	assertNoSecret(t, ev.Detail, h.log.String())
}

func TestAuthErrorEchoIsRedacted(t *testing.T) {
	t.Parallel()
	f := newFakeSMTP(t, true)
	f.authErr = "bad credentials " + secretPassword
	h := newHarness(t, f.Addr(), func(c *Config) { c.User, c.Password = "mailuser", secretPassword })
	err := h.m.deliver(context.Background(), Message{UserID: "u1", To: "f@example.com", Subject: "s", Body: "b"})
	if err == nil {
		t.Fatal("auth failure not reported")
	}
	h.m.Send(Message{UserID: "u1", To: "f@example.com", Subject: "s", Body: "b"})
	ev := waitEvent(t, h.ev)
	assertNoSecret(t, err.Error(), ev.Detail, h.log.String())
}

func TestAuthOverLoopback(t *testing.T) {
	t.Parallel()
	f := newFakeSMTP(t, true)
	h := newHarness(t, f.Addr(), func(c *Config) { c.User, c.Password = "mailuser", secretPassword })
	h.m.Send(Message{UserID: "u1", To: "g@example.com", Subject: "s", Body: "b"})
	got := waitMsg(t, f)
	want := base64.StdEncoding.EncodeToString([]byte("\x00mailuser\x00" + secretPassword))
	if got.Auth != "AUTH PLAIN "+want {
		t.Fatalf("auth %q", got.Auth)
	}
	assertNoSecret(t, h.log.String())
}

func TestDisabledAndClosed(t *testing.T) {
	t.Parallel()
	m, err := New(Config{})
	if err != nil || m.Enabled() || m.Send(Message{UserID: "u", To: "a@b.c"}) || m.Close() != nil {
		t.Fatal("empty Addr must disable e-mail")
	}
	var nilMailer *Mailer
	if nilMailer.Enabled() || nilMailer.Send(Message{}) {
		t.Fatal("nil mailer must be disabled")
	}
	f := newFakeSMTP(t, false)
	h := newHarness(t, f.Addr(), nil)
	_ = h.m.Close()
	if h.m.Send(Message{UserID: "u", To: "a@b.c"}) {
		t.Fatal("closed mailer accepted a message")
	}
	for _, bad := range []Config{{Addr: "nohost", From: "a@b.c"}, {Addr: "h:25", From: "a@b.c\r\nBcc: x@y.z"}, {Addr: "h:25", From: "a@b.c"}} {
		if _, err := New(bad); err == nil {
			t.Errorf("config %+v accepted", bad.Addr)
		}
	}
}

func waitEvent(t *testing.T, e *events) model.SecurityEvent {
	t.Helper()
	select {
	case ev := <-e.ch:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no security event")
	}
	return model.SecurityEvent{}
}

func assertNoSecret(t *testing.T, texts ...string) {
	t.Helper()
	b64 := base64.StdEncoding.EncodeToString([]byte("\x00mailuser\x00" + secretPassword))
	for _, s := range texts {
		if strings.Contains(s, secretPassword) || strings.Contains(s, b64) {
			t.Fatalf("secret leaked: %q", s)
		}
	}
}
