package mailer

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// Message is one plain-text notice to one user.
type Message struct {
	// UserID is the recipient account; the rate limit is kept per user.
	UserID string
	// To is the user's address, validated with shared/validate.Email.
	To string
	// Subject and Body are plain text written by the server.
	Subject string
	Body    string
}

// build renders the RFC 5322 message. The only header values are the
// configured From, the validated recipient address, the Q-encoded subject
// and values the server makes itself, so no text can add a header: the
// subject is stripped of control characters and encoded, and the body is
// quoted-printable after the blank line that ends the header.
func build(from *mail.Address, msg Message, now time.Time) ([]byte, error) {
	if err := validate.Email(msg.To); err != nil || msg.To == "" {
		return nil, fmt.Errorf("mailer: invalid recipient address")
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", (&mail.Address{Address: msg.To}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(msg.Subject)))
	header("Date", now.UTC().Format(time.RFC1123Z))
	header("Message-ID", "<"+randomID()+"@"+domainOf(from.Address)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(crlf(msg.Body))); err != nil {
		return nil, fmt.Errorf("mailer: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("mailer: encode body: %w", err)
	}
	return b.Bytes(), nil
}

// oneLine replaces every control or line-separator character with a space
// and caps the length (subjects are short server texts).
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u0085' || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "")
	}
	return s
}

// crlf normalises line ends to CRLF; quoted-printable keeps them as hard
// line breaks and encodes any lone CR.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func randomID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "fortfolio.invalid"
}
