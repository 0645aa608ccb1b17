package config

import (
	"io"
	"testing"
)

// TestPublicHost: absolute page links use the autocert domain or the first
// non-loopback allowed host (with a non-default port), never a loopback
// default.
func TestPublicHost(t *testing.T) {
	env := func(string) string { return "" }
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "127.0.0.1:8000"}, ""},
		{[]string{"--addr", "127.0.0.1:8000", "--allowed-hosts", "localhost:8000,127.0.0.1:8000"}, ""},
		{[]string{"--addr", "127.0.0.1:8000", "--trusted-proxy", "127.0.0.1/32", "--allowed-hosts", "fortfolio.example"}, "fortfolio.example"},
		{[]string{"--addr", ":8443", "--tls-cert", "c", "--tls-key", "k", "--allowed-hosts", "fortfolio.example"}, "fortfolio.example:8443"},
		{[]string{"--addr", ":8443", "--tls-cert", "c", "--tls-key", "k", "--allowed-hosts", "localhost,fortfolio.example,other.example"}, "fortfolio.example:8443"},
		{[]string{"--addr", ":8443", "--tls-cert", "c", "--tls-key", "k", "--allowed-hosts", "fortfolio.example:8443"}, "fortfolio.example:8443"},
		{[]string{"--addr", ":443", "--tls-cert", "c", "--tls-key", "k", "--allowed-hosts", "fortfolio.example:443"}, "fortfolio.example"},
		{[]string{"--addr", ":443", "--autocert", "auto.example"}, "auto.example"},
	}
	for _, c := range cases {
		cfg, err := Load(c.args, env, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if got := cfg.PublicHost(); got != c.want {
			t.Errorf("%v: PublicHost = %q, want %q", c.args, got, c.want)
		}
	}
}
