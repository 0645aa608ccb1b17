package platform

import (
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/fortfolio/fortfolio/server/config"
)

// relyingParty returns the WebAuthn relying party of the configured host,
// or nil when there is none (docs/security.md, "Passkeys"): the public
// host over HTTPS, else "localhost" with the loopback ports it is
// allowed on. An IP address cannot be a relying party ID, so a server
// reached only as 127.0.0.1 offers no passkeys.
func relyingParty(cfg config.Config) (*webauthn.WebAuthn, error) {
	rpID, origins := rpOrigins(cfg)
	if rpID == "" {
		return nil, nil
	}
	w, err := webauthn.New(&webauthn.Config{RPID: rpID, RPDisplayName: "Fortfolio", RPOrigins: origins,
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Enforce: true, Timeout: 5 * time.Minute, TimeoutUVD: 5 * time.Minute},
			Registration: webauthn.TimeoutConfig{Enforce: true, Timeout: 5 * time.Minute, TimeoutUVD: 5 * time.Minute},
		}})
	if err != nil {
		return nil, fmt.Errorf("platform: webauthn: %w", err)
	}
	return w, nil
}

// rpOrigins derives the relying party ID and the accepted origins.
func rpOrigins(cfg config.Config) (string, []string) {
	if pub := cfg.PublicHost(); pub != "" {
		name, _, err := net.SplitHostPort(pub)
		if err != nil {
			name = pub
		}
		if strings.HasPrefix(name, "[") || strings.Contains(name, ":") {
			return "", nil
		}
		return name, []string{"https://" + pub}
	}
	scheme := "http://"
	if cfg.TLS() {
		scheme = "https://"
	}
	var origins []string
	for _, h := range cfg.AllowedHosts {
		if name, _, err := net.SplitHostPort(h); (err == nil && name == "localhost") || h == "localhost" {
			origins = append(origins, scheme+h)
		}
	}
	if len(origins) == 0 {
		return "", nil
	}
	return "localhost", origins
}
