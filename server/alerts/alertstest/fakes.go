// Package alertstest holds local fakes of the services the alert
// channels talk to, for tests: a Telegram Bot API and a Web Push service
// that verifies VAPID signatures and decrypts payloads.
package alertstest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Bot is a local Telegram Bot API: getMe, getUpdates (queued by the
// test) and sendMessage (recorded; 403 once the chat "blocks" the bot).
type Bot struct {
	t     *testing.T
	token string
	// Srv is the fake Bot API (TELEGRAM_API_BASE_URL = Srv.URL).
	Srv     *httptest.Server
	mu      sync.Mutex
	updates []map[string]any
	sent    []Message
	blocked map[int64]bool
	nextID  int64
	arrived chan struct{}
}

// Message is one sendMessage call.
type Message struct {
	Chat int64
	Text string
}

// NewBot starts a fake Bot API for token; it closes with the test.
func NewBot(t *testing.T, token string) *Bot {
	b := &Bot{t: t, token: token, blocked: map[int64]bool{}}
	b.Srv = httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(b.Srv.Close)
	return b
}

func (b *Bot) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+b.token+"/")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"ok":false,"error_code":401,"description":"Unauthorized"}`))
		return
	}
	var in map[string]any
	_ = json.NewDecoder(r.Body).Decode(&in)
	w.Header().Set("Content-Type", "application/json")
	if method == "getUpdates" {
		b.getUpdates(w, r, in)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch method {
	case "getMe":
		_, _ = w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"username":"FortfolioTestBot"}}`))
	case "sendMessage":
		chat := int64(in["chat_id"].(float64))
		if b.blocked[chat] {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`))
			return
		}
		b.sent = append(b.sent, Message{Chat: chat, Text: in["text"].(string)})
		_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":1}}`))
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"ok":false,"error_code":404,"description":"Not Found"}`))
	}
}

// getUpdates answers the updates from offset on; with a timeout and none
// queued it long-polls like the Bot API (at most 2 s here).
func (b *Bot) getUpdates(w http.ResponseWriter, r *http.Request, in map[string]any) {
	offset, _ := in["offset"].(float64)
	wait, _ := in["timeout"].(float64)
	out, arrived := b.pending(int64(offset))
	if len(out) == 0 && wait > 0 {
		select {
		case <-arrived:
		case <-time.After(min(time.Duration(wait)*time.Second, 2*time.Second)):
		case <-r.Context().Done():
		}
		out, _ = b.pending(int64(offset))
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": out})
}

// pending returns the queued updates from offset on and a channel closed
// when the next one arrives.
func (b *Bot) pending(offset int64) ([]map[string]any, chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, u := range b.updates {
		if u["update_id"].(int64) >= offset {
			out = append(out, u)
		}
	}
	if b.arrived == nil {
		b.arrived = make(chan struct{})
	}
	return out, b.arrived
}

// UserSends queues a private message from chat.
func (b *Bot) UserSends(chat int64, text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	b.updates = append(b.updates, map[string]any{"update_id": b.nextID,
		"message": map[string]any{"text": text, "chat": map[string]any{"id": chat, "type": "private"}}})
	if b.arrived != nil {
		close(b.arrived)
		b.arrived = nil
	}
}

// Messages returns the texts sent to chat containing substr.
func (b *Bot) Messages(chat int64, substr string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.sent {
		if m.Chat == chat && strings.Contains(m.Text, substr) {
			out = append(out, m.Text)
		}
	}
	return out
}

// Block makes the chat block the bot: sendMessage answers 403.
func (b *Bot) Block(chat int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.blocked[chat] = true
}

// PushService is a local push service: it verifies each request's VAPID JWT
// (ES256, audience = its origin, key = the k= parameter) and decrypts the
// aes128gcm payload (RFC 8291) with the browser's private key.
type PushService struct {
	t *testing.T
	// Srv is the push service; subscription endpoints are under Srv.URL.
	Srv      *httptest.Server
	priv     *ecdh.PrivateKey
	auth     []byte
	mu       sync.Mutex
	payloads []string
	// VAPIDKeys are the k= keys of the requests received.
	VAPIDKeys []string
	errs      []error
}

// NewPushService starts a fake push service with a fresh browser key pair.
func NewPushService(t *testing.T) *PushService {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := &PushService{t: t, priv: priv, auth: make([]byte, 16)}
	_, _ = rand.Read(p.auth)
	p.Srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Srv.Close)
	return p
}

// Keys are the subscription keys the "browser" hands the server.
func (p *PushService) Keys() (p256dh, auth string) {
	return base64.RawURLEncoding.EncodeToString(p.priv.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(p.auth)
}

func (p *PushService) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	k, err := p.verifyVAPID(r.Header.Get("Authorization"))
	var plain []byte
	if err == nil {
		if r.Header.Get("Content-Encoding") != "aes128gcm" || r.Header.Get("TTL") == "" {
			err = errors.New("missing Content-Encoding aes128gcm or TTL")
		} else {
			plain, err = p.decrypt(body)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.errs = append(p.errs, err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	p.payloads, p.VAPIDKeys = append(p.payloads, string(plain)), append(p.VAPIDKeys, k)
	w.WriteHeader(http.StatusCreated)
}

func (p *PushService) verifyVAPID(h string) (string, error) {
	rest, ok := strings.CutPrefix(h, "vapid t=")
	if !ok {
		return "", errors.New("no vapid authorization")
	}
	tok, k, ok := strings.Cut(rest, ", k=")
	if !ok {
		return "", errors.New("no k= key")
	}
	raw, err := base64.RawURLEncoding.DecodeString(k)
	if err != nil {
		return "", err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return "", err
	}
	_, err = jwt.Parse(tok, func(*jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithAudience(p.Srv.URL), jwt.WithExpirationRequired())
	return k, err
}

// decrypt opens an RFC 8188/8291 aes128gcm body.
func (p *PushService) decrypt(body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("short body")
	}
	salt, idlen := body[:16], int(body[20])
	_ = binary.BigEndian.Uint32(body[16:20])
	if len(body) < 21+idlen || idlen != 65 {
		return nil, errors.New("bad key id")
	}
	asPub, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, err
	}
	secret, err := p.priv.ECDH(asPub)
	if err != nil {
		return nil, err
	}
	info := "WebPush: info\x00" + string(p.priv.PublicKey().Bytes()) + string(asPub.Bytes())
	ikm, err := hkdf.Key(sha256.New, secret, p.auth, info, 32)
	if err != nil {
		return nil, err
	}
	cek, _ := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	nonce, _ := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, body[21+idlen:], nil)
	if err != nil {
		return nil, err
	}
	end := len(plain) - 1
	for end >= 0 && plain[end] == 0 {
		end--
	}
	if end < 0 || plain[end] != 2 {
		return nil, errors.New("bad padding delimiter")
	}
	return plain[:end], nil
}

// Received returns the decrypted payloads and the refused requests' errors.
func (p *PushService) Received() ([]string, []error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.payloads...), append([]error(nil), p.errs...)
}
