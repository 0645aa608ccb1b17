package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/acme/autocert"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/headers"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/platform"
)

// Server timeouts and limits. ReadHeaderTimeout closes slowloris
// connections; MaxHeaderBytes answers 431 beyond 64 KiB of headers.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
)

func serve(ctx context.Context, env Env, args []string) error {
	cfg, err := config.Load(args, env.Getenv, env.Stderr)
	if err != nil {
		return err
	}
	if err := cfg.LoadSecrets(accountsIn(ctx, cfg.DataDir, cfg.DatabaseURL)); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	p, err := platform.New(ctx, cfg, platform.Options{Version: Version})
	if err != nil {
		return err
	}
	defer p.Close()
	p.Start(ctx, cfg)
	return listen(ctx, cfg, p.Handler)
}

// NewHTTPServer returns an http.Server with every timeout set.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
}

// TLSConfig is the server's TLS policy: TLS 1.2 and 1.3 only, forward
// secret AEAD suites only (see withTLSPolicy).
func TLSConfig() *tls.Config {
	return withTLSPolicy(&tls.Config{})
}

// tls12Suites are the TLS 1.2 suites offered, the same list as the nginx
// edge config (build/nginx.conf): ECDHE key exchange with AES-GCM or
// ChaCha20-Poly1305. Go's defaults would add CBC suites with SHA-1 MACs.
// TLS 1.3 suites are all AEAD and not configurable.
var tls12Suites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// withTLSPolicy applies the version floor and the suite list to c (also
// to autocert's config, which keeps its own certificate hooks).
func withTLSPolicy(c *tls.Config) *tls.Config {
	c.MinVersion = tls.VersionTLS12
	c.CipherSuites = tls12Suites
	return c
}

func listen(ctx context.Context, cfg config.Config, h http.Handler) error {
	srv := NewHTTPServer(cfg.Addr, h)
	var redirect *http.Server
	errc := make(chan error, 2)
	switch {
	case cfg.AutocertDomain != "":
		m := &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			HostPolicy: autocert.HostWhitelist(cfg.AutocertDomain),
			Cache:      autocert.DirCache(filepath.Join(cfg.DataDir, "autocert")),
		}
		srv.TLSConfig = withTLSPolicy(m.TLSConfig())
		redirect = NewHTTPServer(orDefault(cfg.HTTPAddr, ":80"), m.HTTPHandler(RedirectHandler(cfg.AllowedHosts)))
		go func() { errc <- srv.ListenAndServeTLS("", "") }()
	case cfg.TLSCert != "":
		srv.TLSConfig = TLSConfig()
		if cfg.HTTPAddr != "" {
			redirect = NewHTTPServer(cfg.HTTPAddr, RedirectHandler(cfg.AllowedHosts))
		}
		go func() { errc <- srv.ListenAndServeTLS(cfg.TLSCert, cfg.TLSKey) }()
	default:
		go func() { errc <- srv.ListenAndServe() }()
	}
	if redirect != nil {
		go func() { errc <- redirect.ListenAndServe() }()
	}
	slog.Info("fortfolio listening", slog.String("addr", cfg.Addr), slog.Bool("tls", cfg.TLS()), slog.Bool("dev", cfg.Dev))
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
	case <-ctx.Done():
	}
	return shutdown(cfg.ShutdownGrace, srv, redirect)
}

// shutdown drains connections gracefully within grace.
func shutdown(grace time.Duration, servers ...*http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var errs []error
	for _, s := range servers {
		if s != nil {
			errs = append(errs, s.Shutdown(ctx))
		}
	}
	slog.Info("fortfolio stopped")
	return errors.Join(errs...)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// errHTTPSRequired is the answer to the API over plain HTTP.
var errHTTPSRequired = httpx.NewError(http.StatusBadRequest, "https_required", "Use HTTPS.")

// RedirectHandler is the plain-HTTP listener next to TLS: pages redirect
// with 308 to HTTPS on a configured host (never one taken blindly from the
// request), and the API refuses plain HTTP with 400. Both answers carry
// the plain-HTTP security headers (nosniff among them).
func RedirectHandler(allowedHosts []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers.Set(w.Header(), false)
		host := redirectHost(r.Host, allowedHosts)
		if host == "" || len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" || r.URL.Path == "/api" {
			httpx.WriteError(w, r, errHTTPSRequired)
			return
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect) // #nosec G710 -- host is one of the configured allowed hosts, never taken from the request
	})
}

// redirectHost returns the HTTPS host for a request's host name: the
// allowed entry with that name, preferring one with a port (the HTTPS
// listener's, see config) over the bare name.
func redirectHost(reqHost string, allowed []string) string {
	name, _, err := net.SplitHostPort(reqHost)
	if err != nil {
		name = reqHost
	}
	found := ""
	for _, a := range allowed {
		an, ap, err := net.SplitHostPort(a)
		if err != nil {
			an, ap = strings.Trim(a, "[]"), ""
		}
		if an != strings.Trim(name, "[]") {
			continue
		}
		if ap != "" && ap != "443" {
			return net.JoinHostPort(an, ap)
		}
		found = an
		if strings.Contains(an, ":") {
			found = "[" + an + "]"
		}
	}
	return found
}
