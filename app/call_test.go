//go:build !js

package ui

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// caller is a component that keeps its own context, as pages do; the
// server-side test engine hands it over in OnPreRender (OnMount runs in
// the browser only).
type caller struct {
	compo
	ctx app.Context
}

func (c *caller) OnPreRender(ctx app.Context) { c.ctx = ctx }
func (c *caller) Render() app.UI              { return app.Elem("div") }

type other struct{ app.Compo }

func (o *other) Render() app.UI { return app.Elem("span") }

func mountCaller(t *testing.T) (app.TestEngine, *caller) {
	t.Helper()
	e := app.NewTestEngine()
	c := &caller{}
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if c.ctx.Src() == nil {
		t.Fatal("no component context")
	}
	return e, c
}

func TestWorkHandsTheAnswerToTheComponent(t *testing.T) {
	t.Parallel()
	e, c := mountCaller(t)
	var answer, got string
	var gotErr error
	work(c.ctx, signedInCall, func(context.Context) error { answer = "answer"; return nil },
		func(_ app.Context, err error) { got, gotErr = answer, err })
	e.ConsumeAll()
	if got != "answer" || gotErr != nil {
		t.Fatalf("then got %q, %v", got, gotErr)
	}
}

// A component that leaves the page cancels its calls in flight, and their
// answers never reach it.
func TestWorkEndsWithTheComponent(t *testing.T) {
	t.Parallel()
	e, c := mountCaller(t)
	started, cancelled := make(chan struct{}), make(chan error, 1)
	called := false
	work(c.ctx, signedInCall, func(ctx context.Context) error {
		close(started)
		select {
		case <-ctx.Done():
			cancelled <- ctx.Err()
			return ctx.Err()
		case <-time.After(10 * time.Second):
			cancelled <- nil
			return nil
		}
	}, func(app.Context, error) { called = true })
	<-started
	if err := e.Load(&other{}); err != nil { // dismounts c
		t.Fatal(err)
	}
	e.ConsumeAll()
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Fatalf("the call was not cancelled with its component: %v", err)
	}
	if called {
		t.Fatal("the answer reached a dismounted component")
	}
}

func TestWorkSessionCheck(t *testing.T) {
	t.Parallel()
	expired := &apiError{Status: statusUnauthorized, Message: "Session expired."}
	for _, tc := range []struct {
		name   string
		check  sessionCheck
		err    error
		called bool
	}{
		{"signed-in call, ended session", signedInCall, expired, false},
		{"signed-in call, password change demanded", signedInCall,
			&apiError{Status: statusForbidden, Code: "must_change_password"}, false},
		{"signed-in call, other error", signedInCall, &apiError{Status: 409, Message: "Conflict."}, true},
		{"public call, wrong credentials", publicCall, expired, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, c := mountCaller(t)
			called := false
			var gotErr error
			work(c.ctx, tc.check, func(context.Context) error { return tc.err },
				func(_ app.Context, err error) { called, gotErr = true, err })
			e.ConsumeAll()
			if called != tc.called {
				t.Fatalf("then called %v, want %v", called, tc.called)
			}
			if called && gotErr != tc.err {
				t.Fatalf("then got %v, want %v", gotErr, tc.err)
			}
		})
	}
}

// Outside the browser there is no network: a call fails as unreachable
// and the component shows that text.
func TestCallWithoutNetwork(t *testing.T) {
	t.Parallel()
	e, c := mountCaller(t)
	var gotErr error
	call(c.ctx, "GET", "/api/me", none{}, new(none), func(_ app.Context, err error) { gotErr = err })
	e.ConsumeAll()
	if gotErr != errUnreachable {
		t.Fatalf("got %v", gotErr)
	}
}

func TestDecodeReply(t *testing.T) {
	t.Parallel()
	var v struct{ A int }
	if err := decodeReply(reply{status: 200, body: []byte(`{"A":7}`)}, &v); err != nil || v.A != 7 {
		t.Fatalf("JSON answer: %v %+v", err, v)
	}
	err := decodeReply(reply{status: 400, body: []byte(`{"error":"Bad date.","code":"invalid","fields":{"date":"Use YYYY-MM-DD."}}`)}, &v)
	ae, ok := asAPIError(err)
	if !ok || ae.Status != 400 || ae.Code != "invalid" || ae.Message != "Bad date." || ae.Fields["date"] == "" {
		t.Fatalf("error answer: %#v", err)
	}
	if err := decodeReply(reply{status: 502, body: []byte("<html>")}, &v); err == nil || err.Error() != "The server answered 502." {
		t.Fatalf("error without a body: %v", err)
	}
	var f download
	if err := decodeReply(reply{status: 200, body: []byte("%PDF"), disposition: `attachment; filename="r.pdf"`}, &f); err != nil ||
		f.Name != "r.pdf" || string(f.Data) != "%PDF" {
		t.Fatalf("download: %v %+v", err, f)
	}
	if err := decodeReply(reply{status: 204}, &none{}); err != nil {
		t.Fatalf("empty answer: %v", err)
	}
}

func TestEncodeBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in         any
		body, kind string
	}{
		{none{}, "", ""},
		{nil, "", ""},
		{csvBody("date,kind\n"), "date,kind\n", "text/csv"},
		{map[string]int{"a": 1}, `{"a":1}`, "application/json"},
	} {
		b, kind, err := encodeBody(tc.in)
		if err != nil || string(b) != tc.body || kind != tc.kind {
			t.Errorf("encodeBody(%#v) = %q, %q, %v", tc.in, b, kind, err)
		}
	}
}

func TestLifetime(t *testing.T) {
	t.Parallel()
	l := newLifetime()
	if l.Err() != nil {
		t.Fatal("a new lifetime has ended")
	}
	l.end(context.Canceled)
	l.end(context.DeadlineExceeded)
	<-l.Done()
	if !errors.Is(l.Err(), context.Canceled) {
		t.Fatalf("Err = %v", l.Err())
	}
	timed, stop := lifetimeFor(time.Millisecond)
	defer stop()
	<-timed.Done()
	if !errors.Is(timed.Err(), context.DeadlineExceeded) {
		t.Fatalf("timed Err = %v", timed.Err())
	}
}
