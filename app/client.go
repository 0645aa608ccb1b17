package ui

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// The API client: one request in, one reply out, through the browser's
// fetch (fetch_js.go). Components go through call (call.go), which runs it
// off the UI goroutine and hands the typed answer back on it; only the
// fire-and-forget reporters (error-reporter.go, pageview.go) use it
// directly.

// request is one HTTP request to the API.
type request struct {
	method, path string
	body         []byte
	contentType  string
	headers      map[string]string
}

// reply is the server's answer: status, body and the file name header of
// downloads.
type reply struct {
	status      int
	body        []byte
	disposition string
}

// errUnreachable is the error of a request that got no answer.
var errUnreachable = errors.New("The server cannot be reached. Check your connection and try again.")

// apiError is an error answered by the server, with its public message.
type apiError struct {
	Status  int
	Code    string
	Message string
	// Fields holds one message per invalid input field, when the server
	// sent them (api.FieldError).
	Fields map[string]string
}

func (e *apiError) Error() string { return e.Message }

// HTTP statuses the client tells apart.
const (
	statusOK              = 200
	statusUnauthorized    = 401
	statusForbidden       = 403
	statusNotFound        = 404
	statusConflict        = 409
	statusTooManyRequests = 429
)

// asAPIError finds the server's answer in err's chain. It unwraps by hand:
// errors.As would link reflection into app.wasm for this one use.
func asAPIError(err error) (*apiError, bool) {
	for err != nil {
		if ae, ok := err.(*apiError); ok {
			return ae, true
		}
		err = errors.Unwrap(err)
	}
	return nil, false
}

// isUnauthorized reports whether err means the session is gone.
func isUnauthorized(err error) bool {
	ae, ok := asAPIError(err)
	return ok && ae.Status == statusUnauthorized
}

// isMustChange reports whether the server refused a call until the user
// replaces a temporary password.
func isMustChange(err error) bool {
	ae, ok := asAPIError(err)
	return ok && ae.Status == statusForbidden && ae.Code == "must_change_password"
}

// refreshWindow is how close to expiry a token is silently refreshed.
const refreshWindow = 3 * time.Minute

// exchange sends one request with the session token, renewing the token
// first when it is close to expiry.
func exchange(ctx context.Context, r request) (reply, error) {
	switch r.path {
	case wire.RouteRefresh, wire.RouteResumeNonce, wire.RouteResume:
	default:
		maybeRefresh(ctx)
	}
	tok := sessions.token()
	rep, err := roundTrip(ctx, withToken(r, tok))
	// Another tab may have refreshed the token the tabs share (which
	// revokes the old one) while this request was on its way: retry once
	// with the new token (session-share.go).
	if err == nil && rep.status == statusUnauthorized && tok != "" {
		if now := sessions.token(); now != "" && now != tok {
			return roundTrip(ctx, withToken(r, now))
		}
	}
	return rep, err
}

// withToken returns r carrying the session token tok, if any.
func withToken(r request, tok string) request {
	if tok != "" {
		r.headers = map[string]string{wire.TokenHeader: tok}
	}
	return r
}

// maybeRefresh silently renews a token close to expiry.
func maybeRefresh(ctx context.Context) {
	s := sessions.current()
	left := time.Until(s.ExpiresAt)
	if !s.signedIn() || left > refreshWindow || left <= 0 {
		return
	}
	if s.Remembered {
		renewRemembered(ctx, s)
		return
	}
	rep, err := exchange(ctx, request{method: "POST", path: wire.RouteRefresh})
	if err != nil {
		return
	}
	var t wire.Token
	if decodeReply(rep, &t) != nil {
		return
	}
	sessions.update(func(cur *session) {
		if cur.Token == s.Token { // not signed out or replaced meanwhile
			cur.Token, cur.ExpiresAt = t.Token, t.ExpiresAt
		}
	})
}

// renewRemembered renews the token of a remembered session with the
// device key's proof.
func renewRemembered(ctx context.Context, s session) {
	res, err := resumeSession(ctx)
	if err != nil {
		return
	}
	sessions.update(func(cur *session) {
		if cur.Token == s.Token {
			cur.Token, cur.ExpiresAt = res.Token.Token, res.ExpiresAt
		}
	})
}

// replyError is the error of a non-2xx reply: the server's public message,
// or the status when the body has none.
func replyError(rep reply) error {
	var e wire.FieldError
	if json.Unmarshal(rep.body, &e) != nil || e.Error == "" {
		e.Error = "The server answered " + itoa(rep.status) + "."
	}
	return &apiError{Status: rep.status, Code: e.Code, Message: e.Error, Fields: e.Fields}
}

// decodeReply fills out from a successful reply; a download keeps the raw
// body, anything else is JSON.
func decodeReply(rep reply, out any) error {
	if rep.status >= 300 {
		return replyError(rep)
	}
	switch o := out.(type) {
	case *none:
		return nil
	case *download:
		o.Name, o.Data = dispositionName(rep.disposition), rep.body
		return nil
	}
	if len(rep.body) == 0 {
		return nil
	}
	return json.Unmarshal(rep.body, out)
}

// dispositionName is the file name of a Content-Disposition header, "" when
// there is none.
func dispositionName(header string) string {
	if _, params, err := mime.ParseMediaType(header); err == nil {
		return params["filename"]
	}
	return ""
}

// encodeBody returns the bytes and content type of a request body.
func encodeBody(in any) ([]byte, string, error) {
	switch v := in.(type) {
	case nil, none:
		return nil, "", nil
	case csvBody:
		return []byte(v), "text/csv", nil
	}
	b, err := json.Marshal(in)
	if err != nil {
		return nil, "", err
	}
	return b, "application/json", nil
}

// fetchInto sends one request and decodes its answer into out. A JSON GET
// answer is kept for offline use, and served from there when the server
// cannot be reached; downloads never are.
func fetchInto(ctx context.Context, method, path string, in, out any) error {
	body, ctype, err := encodeBody(in)
	if err != nil {
		return err
	}
	_, isDownload := out.(*download)
	cacheable := method == "GET" && !isDownload
	rep, err := exchange(ctx, request{method: method, path: path, body: body, contentType: ctype})
	if err != nil {
		if cached, ok := recallAnswer(path); ok && cacheable && ctx.Err() == nil {
			offlineMode.Store(true)
			return json.Unmarshal(cached.Body, out)
		}
		return err
	}
	if err := decodeReply(rep, out); err != nil {
		return err
	}
	if cacheable && rep.status == statusOK {
		offlineMode.Store(false)
		rememberAnswer(path, rep.body)
	}
	return nil
}
