package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// securityPage describes the security architecture for everyone.
type securityPage struct{ app.Compo }

func newSecurityPage() *securityPage { return &securityPage{} }

type securityTopic struct {
	title  string
	points []string
}

var securityTopics = []securityTopic{
	{"Transport", []string{
		"HTTPS with TLS 1.2 and 1.3 only, from your certificate or Let's Encrypt.",
		"HTTP Strict Transport Security for a year, including subdomains; plain HTTP pages redirect with 308 and the API refuses plain HTTP with 400.",
	}},
	{"Headers on every response", []string{
		"A strict Content-Security-Policy: scripts only from this server (WebAssembly allowed with 'wasm-unsafe-eval'), no inline scripts or styles, no eval, no framing, no plugins.",
		"X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy strict-origin, a Permissions-Policy that turns off camera, microphone, geolocation, payment and USB, and same-origin opener and resource policies.",
		"Only the configured host names are served; a forged Host header gets 400.",
	}},
	{"Accounts and sessions", []string{
		"Passwords are HMAC-SHA256 pre-hashed with a server secret and stored with bcrypt cost 12; 8 to 128 characters, common passwords refused, nothing truncated.",
		"Sessions are HS256 tokens valid for 15 minutes in an x-token header, never in cookies, so cross-site request forgery is impossible by construction.",
		"Tokens die at logout, password change, admin reset, admin lock, role change or deletion (never because of failed logins); sessions end after 12 hours at most.",
		"Roles are read from the database on every request; the server checks every permission.",
		"Five failed logins in 15 minutes pause sign-ins from browsers the account was not used with (or from that one known browser) for at most 15 minutes; a browser you signed in with before still gets in, and you are told at your next login how many attempts failed.",
	}},
	{"Limits", []string{
		"Two layers of rate limiting: per client address (pages and API) and per signed-in user on costly endpoints and logins.",
		"Request bodies are capped, decoded strictly (unknown or duplicate fields refused) and every identifier is checked against a safe alphabet before use.",
	}},
	{"Your data", []string{
		"Each user's portfolios live in their own database file, opened only for that signed-in user; another user's object answers 404 exactly like a missing one.",
		"Nightly consistent backups with checksums, kept 7 days, 8 weeks and 12 months; restores are verified before anything is written.",
		"An append-only, hash-chained audit log records every sign-in, change and admin action; anyone with the files can verify it.",
		"No secret ever appears in a log line or a response. No cookies, no trackers, no third-party requests.",
	}},
	{"Usage statistics", []string{
		"Collected, for each page you open: the page's route template (such as /portfolios/{id}, never an id or a query string), the host name of an external site that linked here (first page only), and your screen width.",
		"From the request, reduced at once: browser family, operating-system family and device class (mobile, tablet, desktop) taken from the User-Agent, and a screen-size bucket.",
		"Unique visitors are counted per day with SHA-256(daily salt, address, User-Agent, host). The 32-byte random salt lives only in the server's memory and is destroyed at the end of each UTC day, so yesterday's visitors can never be recognised again.",
		"Stored: daily totals only (views and visitors per page, counts per browser, system, device, referrer and screen size), kept 400 days by default and then deleted.",
		"Never collected or stored: your IP address, your User-Agent string, any cookie, any identifier in your browser's storage, your account, or the visitor hashes. Nothing is sent to a third party.",
		"Do Not Track and Global Privacy Control are honoured: with either on, your browser sends nothing and the server counts nothing.",
	}},
}

func (p *securityPage) Render() app.UI {
	sections := make([]app.UI, 0, len(securityTopics)+1)
	sections = append(sections, parac("muted",
		"Fortfolio's security architecture is part of the product. Every claim below can be checked "+
			"against the running server with your browser's developer tools."))
	for _, t := range securityTopics {
		items := make([]app.UI, 0, len(t.points))
		for _, pt := range t.points {
			items = append(items, elLi().Text(pt))
		}
		sections = append(sections, divc("card", h2(t.title), elUl().Body(items...)))
	}
	sections = append(sections, newSecurityStatus(), newSecurityAdmin())
	return newLayout().Title("Security").TitleClass("security-title").Content(divc("doc", sections...))
}
