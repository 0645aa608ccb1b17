package cli

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/crypto/acme/autocert"
)

// TestTLSOffersAEADSuitesOnly: a TLS 1.2 client that offers only a CBC
// (SHA-1 or SHA-256 MAC) or RSA key-exchange suite is refused; one that
// offers an ECDHE AEAD suite is served, as with the nginx edge config.
func TestTLSOffersAEADSuitesOnly(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = TLSConfig()
	srv.StartTLS()
	defer srv.Close()
	dial := func(suite uint16) error {
		conn, err := tls.Dial("tcp", srv.Listener.Addr().String(), &tls.Config{ // #nosec G402 -- the test offers weak suites on purpose
			InsecureSkipVerify: true, MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{suite}})
		if err == nil {
			conn.Close()
		}
		return err
	}
	for _, suite := range []uint16{
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_128_CBC_SHA,
	} {
		if err := dial(suite); err == nil {
			t.Errorf("a TLS 1.2 handshake with %s succeeded", tls.CipherSuiteName(suite))
		}
	}
	for _, suite := range []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256} {
		if err := dial(suite); err != nil {
			t.Errorf("a TLS 1.2 handshake with %s failed: %v", tls.CipherSuiteName(suite), err)
		}
	}
}

// TestTLSPolicyCoversAutocert: the Let's Encrypt config gets the same
// floor and suites, and keeps autocert's certificate hook.
func TestTLSPolicyCoversAutocert(t *testing.T) {
	m := &autocert.Manager{Prompt: autocert.AcceptTOS, HostPolicy: autocert.HostWhitelist("example.com")}
	c := withTLSPolicy(m.TLSConfig())
	if c.MinVersion != tls.VersionTLS12 || c.GetCertificate == nil || len(c.CipherSuites) == 0 {
		t.Fatalf("autocert TLS config: min %x, suites %v, GetCertificate set %v", c.MinVersion, c.CipherSuites, c.GetCertificate != nil)
	}
	for _, id := range c.CipherSuites {
		for _, insecure := range tls.InsecureCipherSuites() {
			if id == insecure.ID {
				t.Errorf("insecure suite %s offered", insecure.Name)
			}
		}
		if name := tls.CipherSuiteName(id); !isAEAD(name) {
			t.Errorf("non-AEAD suite %s offered", name)
		}
	}
}

func isAEAD(name string) bool {
	for _, s := range []string{"_GCM_", "CHACHA20_POLY1305"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}
