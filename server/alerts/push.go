package alerts

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// ErrGone means the push service no longer knows the subscription (404
// or 410): it is deleted.
var ErrGone = errors.New("alerts: push subscription expired")

// ErrBadSubscription is wrapped by invalid push subscriptions.
var ErrBadSubscription = errors.New("alerts: invalid push subscription")

// vapidFile holds the VAPID key pair in DATA (mode 0600).
const vapidFile = "vapid.json"

// maxEndpointLen bounds a subscription's endpoint URL.
const maxEndpointLen = 1024

// Push sends Web Push messages signed with the server's VAPID key. Its
// HTTP client refuses to connect to loopback, private and link-local
// addresses (subscriptions name any URL: no request may reach the
// server's own network), unless AllowPrivate is set for local tests.
type Push struct {
	public, private string
	subject         string
	allowPrivate    bool
	client          *http.Client
}

// vapidKeys is the file format of DATA/vapid.json.
type vapidKeys struct {
	Public  string `json:"public"`
	Private string `json:"private"`
}

// NewPush loads DATA/vapid.json, generating the key pair on first use.
// subject is the VAPID contact (an https URL or an e-mail address).
func NewPush(dataDir, subject string, allowPrivate bool) (*Push, error) {
	keys, err := loadVAPID(dataDir)
	if err != nil {
		return nil, err
	}
	p := &Push{public: keys.Public, private: keys.Private, subject: subject, allowPrivate: allowPrivate}
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: p.control}
	p.client = &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 10 * time.Second, Proxy: nil}}
	return p, nil
}

// PublicKey is the VAPID application server key the browser subscribes with.
func (p *Push) PublicKey() string { return p.public }

// loadVAPID reads or creates the key file (owner-only).
func loadVAPID(dataDir string) (vapidKeys, error) {
	root, err := os.OpenRoot(dataDir)
	if err != nil {
		return vapidKeys{}, fmt.Errorf("alerts: vapid keys: %w", err)
	}
	defer root.Close()
	var k vapidKeys
	raw, err := root.ReadFile(vapidFile)
	if err == nil {
		if err := json.Unmarshal(raw, &k); err != nil || k.Public == "" || k.Private == "" {
			return vapidKeys{}, fmt.Errorf("alerts: %s is damaged; remove it to generate new keys (browsers must then subscribe again)", filepath.Join(dataDir, vapidFile))
		}
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return vapidKeys{}, fmt.Errorf("alerts: vapid keys: %w", err)
	}
	if k.Private, k.Public, err = webpush.GenerateVAPIDKeys(); err != nil {
		return vapidKeys{}, fmt.Errorf("alerts: generate vapid keys: %w", err)
	}
	raw, _ = json.Marshal(k)
	f, err := root.OpenFile(vapidFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return vapidKeys{}, fmt.Errorf("alerts: write vapid keys: %w", err)
	}
	if _, err := f.Write(raw); err != nil {
		_ = f.Close()
		return vapidKeys{}, fmt.Errorf("alerts: write vapid keys: %w", err)
	}
	if err := f.Close(); err != nil {
		return vapidKeys{}, fmt.Errorf("alerts: write vapid keys: %w", err)
	}
	return k, nil
}

// control refuses connections to non-public addresses.
func (p *Push) control(_, address string, _ syscall.RawConn) error {
	if p.allowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("alerts: push address %q: %w", address, err)
	}
	a := ap.Addr().Unmap()
	if !a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return errors.New("alerts: push endpoint resolves to a non-public address")
	}
	return nil
}

// CheckSubscription validates a browser subscription: an https endpoint
// (http only with AllowPrivate), a P-256 public key and a 16-byte secret.
func (p *Push) CheckSubscription(in wire.PushSubscription) error {
	if len(in.Endpoint) > maxEndpointLen {
		return fmt.Errorf("%w: endpoint too long", ErrBadSubscription)
	}
	u, err := url.Parse(in.Endpoint)
	if err != nil || u.Host == "" || u.User != nil || !(u.Scheme == "https" || p.allowPrivate && u.Scheme == "http") {
		return fmt.Errorf("%w: endpoint must be an https URL", ErrBadSubscription)
	}
	if k, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(in.Keys.P256dh, "=")); err != nil || len(k) != 65 || k[0] != 4 {
		return fmt.Errorf("%w: keys.p256dh must be an uncompressed P-256 key", ErrBadSubscription)
	}
	if k, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(in.Keys.Auth, "=")); err != nil || len(k) != 16 {
		return fmt.Errorf("%w: keys.auth must be 16 bytes", ErrBadSubscription)
	}
	return nil
}

// pushPayload is what go-app's service worker shows (title, body, path).
type pushPayload struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Path  string `json:"path"`
	Icon  string `json:"icon,omitempty"`
}

// Send encrypts and posts one notification. Errors never quote the
// endpoint (it is a capability URL).
func (p *Push) Send(ctx context.Context, sub store.PushSubscription, title, body, path string) error {
	payload, err := json.Marshal(pushPayload{Title: title, Body: body, Path: path, Icon: "/web/icon-192.png"})
	if err != nil {
		return fmt.Errorf("alerts: push payload: %w", err)
	}
	res, err := webpush.SendNotificationWithContext(ctx, payload, &webpush.Subscription{Endpoint: sub.Endpoint,
		Keys: webpush.Keys{Auth: sub.Auth, P256dh: sub.P256dh}}, &webpush.Options{HTTPClient: p.client, Subscriber: p.subject,
		VAPIDPublicKey: p.public, VAPIDPrivateKey: p.private, TTL: 24 * 3600, Urgency: webpush.UrgencyNormal})
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("alerts: push send: %s", strings.ReplaceAll(err.Error(), sub.Endpoint, "[endpoint]"))
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	switch {
	case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusGone:
		return ErrGone
	case res.StatusCode/100 != 2:
		return fmt.Errorf("alerts: push send: push service answered %d", res.StatusCode)
	}
	return nil
}
