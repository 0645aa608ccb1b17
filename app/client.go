package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

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

// isUnauthorized reports whether err means the session is gone.
func isUnauthorized(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Status == http.StatusUnauthorized
}

// isMustChange reports whether the server refused a call until the user
// replaces a temporary password.
func isMustChange(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Status == http.StatusForbidden && ae.Code == "must_change_password"
}

// tokenHolder keeps the token in memory for the API client.
type tokenHolder struct {
	mu      sync.Mutex
	token   string
	expires time.Time
}

func (t *tokenHolder) set(token string, exp time.Time) {
	t.mu.Lock()
	t.token, t.expires = token, exp
	t.mu.Unlock()
}

func (t *tokenHolder) get() (string, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.token, t.expires
}

var currentToken tokenHolder

// refreshWindow is how close to expiry a token is silently refreshed.
const refreshWindow = 3 * time.Minute

// callAPI sends a JSON request and decodes the JSON answer into out.
// Calls run in ctx.Async goroutines, never in Render.
func callAPI(ctx context.Context, method, path string, in, out any) error {
	maybeRefresh(ctx, path)
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	resp, err := send(ctx, method, path, body, "application/json")
	if err != nil {
		if method == http.MethodGet {
			if a, ok := recallAnswer(path); ok {
				offlineMode.Store(true)
				return json.Unmarshal(a.Body, out)
			}
		}
		return err
	}
	defer resp.Body.Close()
	if method != http.MethodGet {
		return readAnswer(resp, out)
	}
	data, err := readGetAnswer(resp, out)
	if err == nil && resp.StatusCode == http.StatusOK {
		offlineMode.Store(false)
		rememberAnswer(path, data)
	}
	return err
}

// readGetAnswer decodes like readAnswer and also returns the raw body.
func readGetAnswer(resp *http.Response, out any) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return data, readAnswer(resp, out)
}

// callRaw sends a non-JSON body (a CSV file) and decodes the JSON answer.
func callRaw(ctx context.Context, method, path, contentType string, body []byte, out any) error {
	maybeRefresh(ctx, path)
	resp, err := send(ctx, method, path, bytes.NewReader(body), contentType)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return readAnswer(resp, out)
}

// fetchText GETs a non-JSON resource (CSV, SVG) as text.
func fetchText(ctx context.Context, method, path string, in any) (string, error) {
	maybeRefresh(ctx, path)
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	resp, err := send(ctx, method, path, body, "application/json")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return "", readAnswer(resp, nil)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	return string(b), err
}

func send(ctx context.Context, method, path string, body io.Reader, contentType string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, origin()+path, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if tok, _ := currentToken.get(); tok != "" {
		req.Header.Set(wire.TokenHeader, tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, errors.New("The server cannot be reached. Check your connection and try again.")
	}
	return resp, nil
}

func readAnswer(resp *http.Response, out any) error {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var e wire.FieldError
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = fmt.Sprintf("The server answered %d.", resp.StatusCode)
		}
		return &apiError{Status: resp.StatusCode, Code: e.Code, Message: e.Error, Fields: e.Fields}
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, out)
}

// maybeRefresh silently renews a token close to expiry.
func maybeRefresh(ctx context.Context, path string) {
	tok, exp := currentToken.get()
	if tok == "" || path == "/api/auth/refresh" || time.Until(exp) > refreshWindow || time.Until(exp) <= 0 {
		return
	}
	resp, err := send(ctx, http.MethodPost, "/api/auth/refresh", nil, "")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	var t wire.Token
	if readAnswer(resp, &t) != nil {
		return
	}
	currentToken.set(t.Token, t.ExpiresAt)
	s := loadSession()
	s.Token, s.ExpiresAt = t.Token, t.ExpiresAt
	if app.IsClient {
		b, _ := json.Marshal(s)
		app.Window().Get("sessionStorage").Call("setItem", sessionKey, string(b))
	}
}

func origin() string {
	if !app.IsClient {
		return ""
	}
	return app.Window().Get("location").Get("origin").String()
}
