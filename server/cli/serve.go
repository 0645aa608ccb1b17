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
	"syscall"
	"time"

	"golang.org/x/crypto/acme/autocert"

	"github.com/fortfolio/fortfolio/server/config"
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
	if err := cfg.LoadSecrets(); err != nil {
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

// TLSConfig is the server's TLS policy: TLS 1.2 and 1.3 only.
func TLSConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12}
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
		srv.TLSConfig = m.TLSConfig()
		srv.TLSConfig.MinVersion = tls.VersionTLS12
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

// RedirectHandler is the plain-HTTP listener next to TLS: pages redirect
// with 308 to HTTPS on a configured host (never one taken blindly from the
// request), and the API refuses plain HTTP with 400.
func RedirectHandler(allowedHosts []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := redirectHost(r.Host, allowedHosts)
		if host == "" || len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" || r.URL.Path == "/api" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"Use HTTPS.","code":"https_required"}` + "\n"))
			return
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect) // #nosec G710 -- host is one of the configured allowed hosts, never taken from the request
	})
}

func redirectHost(reqHost string, allowed []string) string {
	name, _, err := net.SplitHostPort(reqHost)
	if err != nil {
		name = reqHost
	}
	for _, a := range allowed {
		an, ap, err := net.SplitHostPort(a)
		if err != nil {
			an, ap = a, ""
		}
		if an == name {
			if ap == "" || ap == "443" {
				return an
			}
			return net.JoinHostPort(an, ap)
		}
	}
	return ""
}
