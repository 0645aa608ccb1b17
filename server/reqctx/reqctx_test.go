package reqctx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
)

func TestValuesRoundTrip(t *testing.T) {
	ctx := context.Background()
	if RequestID(ctx) != "-" {
		t.Error("a request without id must read as -")
	}
	if _, ok := User(ctx); ok {
		t.Error("an anonymous request has a user")
	}
	type claims struct{ id string }
	ip := netip.MustParseAddr("192.0.2.7")
	ctx = WithRequestID(WithClientIP(WithUser(ctx, model.User{ID: "u1"}, &claims{"t1"}), ip), "abc")
	if RequestID(ctx) != "abc" {
		t.Errorf("request id = %q", RequestID(ctx))
	}
	if got, ok := ClientIP(ctx); !ok || got != ip {
		t.Errorf("client ip = %v %v", got, ok)
	}
	if u, ok := User(ctx); !ok || u.ID != "u1" {
		t.Errorf("user = %+v %v", u, ok)
	}
	if c, ok := Claims[*claims](ctx); !ok || c.id != "t1" {
		t.Errorf("claims = %+v %v", c, ok)
	}
	if _, ok := Claims[string](ctx); ok {
		t.Error("claims of another type must not be returned")
	}
}

func TestNotifyServerErrorCallsTheHook(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	NotifyServerError(r, "x", errors.New("no hook: nothing happens"))
	var seen string
	r = r.WithContext(WithErrorHook(r.Context(), func(_ *http.Request, id string, err error) { seen = id + ": " + err.Error() }))
	NotifyServerError(r, "id1", errors.New("boom"))
	if seen != "id1: boom" {
		t.Errorf("hook saw %q", seen)
	}
}
