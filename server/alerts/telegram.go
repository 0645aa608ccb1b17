package alerts

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultTelegramBaseURL is the Bot API; TELEGRAM_API_BASE_URL replaces
// it (a local fake in tests).
const DefaultTelegramBaseURL = "https://api.telegram.org"

// LinkCodeTTL is how long a Telegram link code is valid.
const LinkCodeTTL = 10 * time.Minute

// ErrBlocked means the chat blocked the bot (sendMessage answered 403).
var ErrBlocked = errors.New("alerts: telegram chat blocked the bot")

// Telegram is a Bot API client. The token is part of every request URL,
// so no error, log line or response ever carries a URL: transport errors
// are reduced to their cause and the token is redacted as a last resort.
type Telegram struct {
	token  string
	base   string
	client *http.Client

	mu       sync.Mutex
	username string
}

// NewTelegram returns a client for the bot with token (TELEGRAM_BOT_TOKEN)
// at base (DefaultTelegramBaseURL when empty); nil when token is empty.
func NewTelegram(token, base string) (*Telegram, error) {
	if token == "" {
		return nil, nil
	}
	if base == "" {
		base = DefaultTelegramBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("alerts: TELEGRAM_API_BASE_URL must be an http(s) URL")
	}
	return &Telegram{token: token, base: strings.TrimRight(base, "/"), client: &http.Client{
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

// apiError is a Bot API refusal (its description is Telegram's text).
type apiError struct {
	Method string
	Status int
	Desc   string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram %s: status %d: %s", e.Method, e.Status, e.Desc)
}

// tokenFree is an error whose text had the token removed; it keeps the
// cause (context.Canceled, a timeout) for errors.Is.
type tokenFree struct {
	msg   string
	cause error
}

func (e *tokenFree) Error() string { return e.msg }
func (e *tokenFree) Unwrap() error { return e.cause }

// clean returns err without any URL or token in its text.
func (t *Telegram) clean(method string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := strings.ReplaceAll(err.Error(), t.token, "[redacted]")
	return &tokenFree{msg: "alerts: telegram " + method + ": " + msg, cause: causeOf(err)}
}

// causeOf keeps the well-known causes callers test for.
func causeOf(err error) error {
	for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, c) {
			return c
		}
	}
	return nil
}

// call posts params to a Bot API method and decodes its result into out.
func (t *Telegram) call(ctx context.Context, method string, params, out any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("alerts: telegram %s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.base+"/bot"+t.token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return t.clean(method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := t.client.Do(req) // #nosec G704 -- the Bot API base URL comes from the server's environment
	if err != nil {
		return t.clean(method, err)
	}
	defer res.Body.Close()
	var env struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		Description string          `json:"description"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 4<<20)).Decode(&env); err != nil {
		return t.clean(method, fmt.Errorf("status %d: bad answer: %w", res.StatusCode, err))
	}
	if !env.OK || res.StatusCode != http.StatusOK {
		desc := strings.ReplaceAll(env.Description, t.token, "[redacted]")
		if len(desc) > 200 {
			desc = desc[:200]
		}
		return &apiError{Method: method, Status: res.StatusCode, Desc: desc}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		return t.clean(method, err)
	}
	return nil
}

// Username returns the bot's username (getMe, asked once).
func (t *Telegram) Username(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.username != "" {
		return t.username, nil
	}
	var me struct {
		Username string `json:"username"`
	}
	if err := t.call(ctx, "getMe", struct{}{}, &me); err != nil {
		return "", err
	}
	if me.Username == "" || strings.Trim(me.Username, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
		return "", errors.New("alerts: telegram getMe: unusable bot username")
	}
	t.username = me.Username
	return t.username, nil
}

// Send posts text to a chat; a 403 (the user blocked the bot) is ErrBlocked.
func (t *Telegram) Send(ctx context.Context, chatID int64, text string) error {
	err := t.call(ctx, "sendMessage", map[string]any{"chat_id": chatID, "text": text, "disable_web_page_preview": true}, nil)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusForbidden {
		return ErrBlocked
	}
	return err
}

// update is the part of a Bot API Update the link flow reads.
type update struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		Text string `json:"text"`
		Chat struct {
			ID   int64  `json:"id"`
			Type string `json:"type"`
		} `json:"chat"`
	} `json:"message"`
}

// updates long-polls getUpdates after offset.
func (t *Telegram) updates(ctx context.Context, offset int64, wait time.Duration) ([]update, error) {
	var out []update
	err := t.call(ctx, "getUpdates", map[string]any{"offset": offset, "timeout": int(wait.Seconds()), "allowed_updates": []string{"message"}}, &out)
	return out, err
}

// NewLinkCode returns a random one-time code (a Telegram start parameter:
// 22 characters of [A-Za-z0-9_-]).
func NewLinkCode() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("alerts: link code: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
