// Package config reads the server configuration from flags and the
// environment (flags win), validates it and loads or creates the secrets
// kept in the data directory.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultBackupAt is the daily backup time (UTC) when none is configured.
const DefaultBackupAt = "03:00"

// Config is everything the server needs to start. It is built once and
// passed down; no package keeps it in a global.
type Config struct {
	Addr           string
	HTTPAddr       string
	DataDir        string
	TLSCert        string
	TLSKey         string
	AutocertDomain string
	AllowedHosts   []string
	TrustedProxies []netip.Prefix
	RateGeneral    int
	RateAPI        int
	// Dev turns on loopback development conveniences (the first account
	// becomes admin). It requires plain HTTP on a loopback address.
	Dev bool
	// JWTSecret signs session tokens; at least 32 bytes.
	JWTSecret []byte
	// Pepper is the HMAC key applied to passwords before bcrypt.
	Pepper         []byte
	PolygonKey     string
	FMPKey         string
	PolygonBaseURL string
	FMPBaseURL     string
	// LivePrices turns on the keyless daily-close provider after the
	// embedded data set (--live-prices, env FORTFOLIO_LIVE_PRICES=1);
	// YahooBaseURL overrides its base URL (env YAHOO_BASE_URL, for fakes).
	LivePrices    bool
	YahooBaseURL  string
	BackupAt      string
	ShutdownGrace time.Duration
	// SecurityContact is the Contact line of /.well-known/security.txt.
	SecurityContact string
	// RequireMFAForAdmins makes an admin without a second factor enrol
	// before any admin endpoint answers (--require-mfa-for-admins).
	RequireMFAForAdmins bool
	// StatsRetentionDays is how long usage statistics are kept.
	StatsRetentionDays int
	// SMTP configures optional e-mail notices (off when Addr is empty).
	SMTP SMTP
	// UserDBCache is how many per-user databases stay open at once; 0
	// derives it from the open-file limit (store.DefaultUserDBCache).
	UserDBCache int
	// UserDBSync is the durability of the per-user databases: "full"
	// (every commit flushed to disk) or "normal" (survives a killed
	// process, not a power cut); see store.WithUserDBSync.
	UserDBSync string
	// DatabaseURL, when set (postgres://…), keeps every table in that
	// PostgreSQL database instead of SQLite files, so several nodes can
	// share it (docs/deployment.md, "Several nodes").
	DatabaseURL string
	// BackupDatabaseURL is the URL pg_dump connects with to back up that
	// database: a role that reads every row (BYPASSRLS). Empty: the
	// DatabaseURL (whose role row-level security limits, so backups fail
	// saying so).
	BackupDatabaseURL string
	// AuditKey (env FORTFOLIO_AUDIT_KEY only) or AuditKeyFile (a path
	// outside the data directory) authenticates the audit log; see
	// audit.LoadKey.
	AuditKey     string
	AuditKeyFile string
	// Alerts configures the alert channels (see docs/alerts.md).
	Alerts Alerts
}

// Alerts holds the alert channel settings, from the environment only:
// TELEGRAM_BOT_TOKEN (a secret: never logged, returned or stored),
// TELEGRAM_API_BASE_URL (a fake Bot API in tests) and
// FORTFOLIO_PUSH_SUBJECT (the VAPID contact, an https URL or e-mail).
type Alerts struct {
	TelegramToken   string
	TelegramBaseURL string
	PushSubject     string
}

// SMTP is the relay for e-mail notices, read from the environment only:
// FORTFOLIO_SMTP_ADDR (host:port), FORTFOLIO_SMTP_FROM, FORTFOLIO_SMTP_USER
// and FORTFOLIO_SMTP_PASSWORD (a secret: never logged or shown).
type SMTP struct {
	Addr     string
	From     string
	User     string
	Password string
}

// Enabled reports whether e-mail notices are configured.
func (s SMTP) Enabled() bool { return s.Addr != "" }

// TLS reports whether the server terminates TLS itself.
func (c Config) TLS() bool { return c.TLSCert != "" || c.AutocertDomain != "" }

// TLSMode describes how transport security is provided.
func (c Config) TLSMode() string {
	switch {
	case c.AutocertDomain != "":
		return "TLS with Let's Encrypt certificates"
	case c.TLSCert != "":
		return "TLS with the operator's certificate"
	case len(c.TrustedProxies) > 0:
		return "TLS terminated by a trusted reverse proxy"
	default:
		return "plain HTTP on loopback (development)"
	}
}

// Load parses args (the flags after "serve") with env as fallback, then
// validates. getenv is os.Getenv in production and a map in tests.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var hosts, proxies string
	fs.StringVar(&c.Addr, "addr", env("FORTFOLIO_ADDR", "127.0.0.1:8000"), "listen address (env FORTFOLIO_ADDR)")
	fs.StringVar(&c.HTTPAddr, "http-addr", env("FORTFOLIO_HTTP_ADDR", ""), "plain HTTP listener that redirects to HTTPS, with TLS (env FORTFOLIO_HTTP_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("FORTFOLIO_DATA", "./data"), "data directory (env FORTFOLIO_DATA)")
	fs.StringVar(&c.TLSCert, "tls-cert", env("FORTFOLIO_TLS_CERT", ""), "TLS certificate file (env FORTFOLIO_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", env("FORTFOLIO_TLS_KEY", ""), "TLS key file (env FORTFOLIO_TLS_KEY)")
	fs.StringVar(&c.AutocertDomain, "autocert", env("FORTFOLIO_AUTOCERT", ""), "domain for Let's Encrypt certificates (env FORTFOLIO_AUTOCERT)")
	fs.StringVar(&hosts, "allowed-hosts", env("FORTFOLIO_ALLOWED_HOSTS", ""), "comma-separated Host values accepted (env FORTFOLIO_ALLOWED_HOSTS)")
	fs.StringVar(&proxies, "trusted-proxy", env("FORTFOLIO_TRUSTED_PROXY", ""), "comma-separated CIDRs whose X-Forwarded-For is believed (env FORTFOLIO_TRUSTED_PROXY)")
	fs.IntVar(&c.RateGeneral, "rate-general", envInt(getenv, "FORTFOLIO_RATE_GENERAL", 30), "requests per minute per IP for pages (env FORTFOLIO_RATE_GENERAL)")
	fs.IntVar(&c.RateAPI, "rate-api", envInt(getenv, "FORTFOLIO_RATE_API", 60), "requests per minute per IP for /api (env FORTFOLIO_RATE_API)")
	fs.BoolVar(&c.Dev, "dev", getenv("FORTFOLIO_DEV") == "1", "loopback development mode (env FORTFOLIO_DEV=1)")
	fs.BoolVar(&c.RequireMFAForAdmins, "require-mfa-for-admins", getenv("FORTFOLIO_REQUIRE_MFA_FOR_ADMINS") == "1",
		"admins must have a second factor before any admin endpoint answers (env FORTFOLIO_REQUIRE_MFA_FOR_ADMINS=1)")
	fs.BoolVar(&c.LivePrices, "live-prices", getenv("FORTFOLIO_LIVE_PRICES") == "1",
		"current daily closes without a key from the public chart endpoint, after the embedded 2006-2017 data (env FORTFOLIO_LIVE_PRICES=1)")
	fs.StringVar(&c.BackupAt, "backup-at", env("FORTFOLIO_BACKUP_AT", DefaultBackupAt), "daily backup time, HH:MM UTC (env FORTFOLIO_BACKUP_AT)")
	fs.IntVar(&c.StatsRetentionDays, "stats-retention-days", envInt(getenv, "FORTFOLIO_STATS_RETENTION_DAYS", 400), "days usage statistics are kept (env FORTFOLIO_STATS_RETENTION_DAYS)")
	fs.StringVar(&c.SecurityContact, "security-contact", env("FORTFOLIO_SECURITY_CONTACT", "mailto:security@fortfolio.example"), "Contact of /.well-known/security.txt, a mailto: or https: URI (env FORTFOLIO_SECURITY_CONTACT)")
	fs.StringVar(&c.DatabaseURL, "database", env("FORTFOLIO_DATABASE_URL", ""), "PostgreSQL URL (postgres://user@host/db) to keep the data in instead of SQLite files under --data (env FORTFOLIO_DATABASE_URL)")
	fs.StringVar(&c.BackupDatabaseURL, "backup-database", env("FORTFOLIO_BACKUP_DATABASE_URL", ""), "PostgreSQL URL of the same database for backups (pg_dump), as a role with BYPASSRLS; default --database (env FORTFOLIO_BACKUP_DATABASE_URL)")
	fs.StringVar(&c.UserDBSync, "user-db-sync", env("FORTFOLIO_USER_DB_SYNC", "full"), "durability of portfolio data: full (every commit on disk) or normal (survives a crash of the process, not a power cut) (env FORTFOLIO_USER_DB_SYNC)")
	fs.IntVar(&c.UserDBCache, "user-db-cache", envInt(getenv, "FORTFOLIO_USER_DB_CACHE", 0), "per-user databases kept open at once, 0 = from the open-file limit (env FORTFOLIO_USER_DB_CACHE)")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", env("FORTFOLIO_AUDIT_KEY_FILE", ""), "file holding the audit log HMAC key, outside --data (env FORTFOLIO_AUDIT_KEY_FILE; or the key itself in FORTFOLIO_AUDIT_KEY)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	c.AllowedHosts = splitList(hosts)
	c.PolygonKey, c.FMPKey = getenv("POLYGON_API_KEY"), getenv("FMP_API_KEY")
	c.PolygonBaseURL, c.FMPBaseURL = getenv("POLYGON_BASE_URL"), getenv("FMP_BASE_URL")
	c.YahooBaseURL = getenv("YAHOO_BASE_URL")
	c.JWTSecret = []byte(getenv("FORTFOLIO_JWT_SECRET"))
	c.Pepper = []byte(getenv("FORTFOLIO_PEPPER"))
	c.AuditKey = getenv("FORTFOLIO_AUDIT_KEY")
	c.Alerts = Alerts{TelegramToken: getenv("TELEGRAM_BOT_TOKEN"), TelegramBaseURL: getenv("TELEGRAM_API_BASE_URL"),
		PushSubject: getenv("FORTFOLIO_PUSH_SUBJECT")}
	c.SMTP = SMTP{Addr: getenv("FORTFOLIO_SMTP_ADDR"), From: getenv("FORTFOLIO_SMTP_FROM"),
		User: getenv("FORTFOLIO_SMTP_USER"), Password: getenv("FORTFOLIO_SMTP_PASSWORD")}
	c.ShutdownGrace = 10 * time.Second
	var err error
	if c.TrustedProxies, err = parsePrefixes(splitList(proxies)); err != nil {
		return Config{}, err
	}
	return c, c.validate()
}

func (c *Config) validate() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("config: --data must not be empty"))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("config: --addr %q is not host:port", c.Addr))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("config: --tls-cert and --tls-key go together"))
	}
	if c.TLSCert != "" && c.AutocertDomain != "" {
		errs = append(errs, errors.New("config: choose --tls-cert/--tls-key or --autocert, not both"))
	}
	if c.RateGeneral < 1 || c.RateAPI < 1 || c.RateGeneral > 100000 || c.RateAPI > 100000 {
		errs = append(errs, errors.New("config: --rate-general and --rate-api must be between 1 and 100000"))
	}
	if len(c.JWTSecret) > 0 && len(c.JWTSecret) < 32 {
		errs = append(errs, errors.New("config: FORTFOLIO_JWT_SECRET must be at least 32 bytes"))
	}
	if !strings.HasPrefix(c.SecurityContact, "mailto:") && !strings.HasPrefix(c.SecurityContact, "https://") || strings.ContainsAny(c.SecurityContact, " \r\n") {
		errs = append(errs, errors.New("config: --security-contact must be a mailto: or https: URI"))
	}
	if c.StatsRetentionDays < 1 || c.StatsRetentionDays > 3650 {
		errs = append(errs, errors.New("config: --stats-retention-days must be between 1 and 3650"))
	}
	if c.UserDBSync != "full" && c.UserDBSync != "normal" {
		errs = append(errs, errors.New("config: --user-db-sync must be full or normal"))
	}
	if c.DatabaseURL != "" && !isPostgresURL(c.DatabaseURL) {
		errs = append(errs, errors.New("config: --database must be a postgres:// URL"))
	}
	if c.BackupDatabaseURL != "" && (c.DatabaseURL == "" || !isPostgresURL(c.BackupDatabaseURL)) {
		errs = append(errs, errors.New("config: --backup-database must be a postgres:// URL, with --database set"))
	}
	if c.UserDBCache < 0 || c.UserDBCache > 1000000 {
		errs = append(errs, errors.New("config: --user-db-cache must be between 0 (automatic) and 1000000"))
	}
	if _, err := time.Parse("15:04", c.BackupAt); err != nil {
		errs = append(errs, fmt.Errorf("config: --backup-at %q is not HH:MM", c.BackupAt))
	}
	errs = append(errs, c.validateMode()...)
	errs = append(errs, c.SMTP.validate()...)
	if len(errs) == 0 {
		c.defaultHosts()
	}
	return errors.Join(errs...)
}

// validateMode keeps plain HTTP to loopback or behind a trusted proxy, and
// development conveniences to loopback plain HTTP only.
func (c *Config) validateMode() []error {
	loopback := isLoopback(c.Addr)
	var errs []error
	if !c.TLS() && !loopback && len(c.TrustedProxies) == 0 {
		errs = append(errs, errors.New("config: plain HTTP is only for loopback development or behind --trusted-proxy; use --tls-cert/--tls-key or --autocert"))
	}
	if c.Dev && (c.TLS() || !loopback) {
		errs = append(errs, errors.New("config: --dev needs plain HTTP on a loopback --addr"))
	}
	if c.HTTPAddr != "" && !c.TLS() {
		errs = append(errs, errors.New("config: --http-addr redirects to HTTPS and needs TLS"))
	}
	return errs
}

// validate checks the SMTP settings without ever quoting the password.
func (s SMTP) validate() []error {
	if s.Addr == "" {
		return nil
	}
	var errs []error
	if host, _, err := net.SplitHostPort(s.Addr); err != nil || host == "" {
		errs = append(errs, errors.New("config: FORTFOLIO_SMTP_ADDR must be host:port"))
	}
	if s.From == "" || strings.ContainsAny(s.From, "\r\n") {
		errs = append(errs, errors.New("config: FORTFOLIO_SMTP_FROM must be set to the sender address when FORTFOLIO_SMTP_ADDR is set"))
	} else if _, err := mail.ParseAddress(s.From); err != nil {
		errs = append(errs, errors.New("config: FORTFOLIO_SMTP_FROM is not an e-mail address"))
	}
	if (s.User == "") != (s.Password == "") {
		errs = append(errs, errors.New("config: FORTFOLIO_SMTP_USER and FORTFOLIO_SMTP_PASSWORD go together"))
	}
	return errs
}

func (c *Config) defaultHosts() {
	_, port, _ := net.SplitHostPort(c.Addr)
	switch {
	case len(c.AllowedHosts) > 0 && c.TLS():
		c.AllowedHosts = withListenPort(c.AllowedHosts, port)
	case len(c.AllowedHosts) > 0:
		// Behind a proxy the Host is the public one, as the client sent it.
	case c.AutocertDomain != "":
		c.AllowedHosts = withListenPort([]string{c.AutocertDomain}, port)
	default:
		c.AllowedHosts = []string{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port}
	}
}

// withListenPort adds "name:port" after every allowed host given without
// a port, when the server terminates TLS itself. A browser puts the port
// in the Host header whenever it is not the scheme's default, so
// "--allowed-hosts example.com --addr :8443" must accept
// "example.com:8443"; the bare name stays for a port forward from 443.
func withListenPort(hosts []string, port string) []string {
	out := make([]string, 0, 2*len(hosts))
	for _, h := range hosts {
		out = append(out, h)
		if _, _, err := net.SplitHostPort(h); err != nil && port != "" {
			out = append(out, net.JoinHostPort(strings.Trim(h, "[]"), port))
		}
	}
	return slices.Compact(out)
}

// PublicHost is the host the server is reached at from outside, for
// absolute links in pages (og:url): the Let's Encrypt domain, else the
// first allowed host name that is not a loopback one, with the port of an
// allowed entry of that name when it is not 443 (as the HTTP listener's
// redirect does), else "" (development).
func (c Config) PublicHost() string {
	if c.AutocertDomain != "" {
		return c.AutocertDomain
	}
	public := ""
	for _, h := range c.AllowedHosts {
		name, port := splitHost(h)
		switch {
		case public == "" && name != "" && name != "localhost" && !isLoopbackIP(name):
			public = name
			fallthrough
		case name == public:
			if port != "" && port != "443" {
				return net.JoinHostPort(name, port)
			}
		}
	}
	if strings.Contains(public, ":") {
		return "[" + public + "]"
	}
	return public
}

// splitHost splits "name:port", "name", "[v6]:port" or "[v6]".
func splitHost(h string) (name, port string) {
	name, port, err := net.SplitHostPort(h)
	if err != nil {
		return strings.Trim(h, "[]"), ""
	}
	return name, port
}

func isLoopbackIP(name string) bool {
	ip, err := netip.ParseAddr(name)
	return err == nil && ip.IsLoopback()
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parsePrefixes(list []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("config: --trusted-proxy %q is not a CIDR", s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func envInt(getenv func(string) string, key string, def int) int {
	if v := getenv(key); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		return -1
	}
	return def
}

// isPostgresURL reports a postgres:// or postgresql:// URL.
func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// BackupDatabase is the PostgreSQL URL backups dump ("" on SQLite).
func (c Config) BackupDatabase() string {
	if c.BackupDatabaseURL != "" {
		return c.BackupDatabaseURL
	}
	return c.DatabaseURL
}
