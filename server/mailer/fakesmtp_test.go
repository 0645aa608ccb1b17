package mailer

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
)

// received is one message as the fake SMTP server saw it.
type received struct {
	From, To, Auth string
	Data           string
}

// fakeSMTP is a minimal SMTP server on 127.0.0.1 (no TLS): EHLO, AUTH
// PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT.
type fakeSMTP struct {
	ln      net.Listener
	mu      sync.Mutex
	msgs    []received
	authErr string // when set, AUTH answers "535 " + authErr + the credentials
	arrived chan received
}

func newFakeSMTP(t *testing.T, advertiseAuth bool) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln, arrived: make(chan received, 100)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c, advertiseAuth)
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return f
}

func (f *fakeSMTP) Addr() string { return f.ln.Addr().String() }

func (f *fakeSMTP) serve(c net.Conn, advertiseAuth bool) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
	say("220 fake.test ESMTP")
	var cur received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			if advertiseAuth {
				say("250-fake.test\r\n250 AUTH PLAIN")
			} else {
				say("250 fake.test")
			}
		case "AUTH":
			cur.Auth = line
			if f.authErr != "" {
				say("535 " + f.authErr + " " + strings.TrimPrefix(line, "AUTH PLAIN "))
				continue
			}
			say("235 ok")
		case "MAIL":
			cur.From = line
			say("250 ok")
		case "RCPT":
			cur.To = line
			say("250 ok")
		case "DATA":
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = b.String()
			f.mu.Lock()
			f.msgs = append(f.msgs, cur)
			f.mu.Unlock()
			f.arrived <- cur
			cur = received{}
			say("250 queued")
		case "QUIT":
			say("221 bye")
			return
		case "RSET", "NOOP":
			say("250 ok")
		default:
			say("502 not implemented")
		}
	}
}

func (f *fakeSMTP) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.msgs)
}
