package ui

import (
	"sort"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// securityStatus shows what the running server reports about itself
// (GET /api/security/status), so every claim can be checked live.
type securityStatus struct {
	compo
	status  wire.SecurityStatus
	loaded  bool
	err     string
	showAll bool
	// showSuppressed lists every suppressed finding with its file and
	// reason instead of a count per rule.
	showSuppressed bool
}

func newSecurityStatus() *securityStatus { return &securityStatus{} }

func (c *securityStatus) OnMount(ctx app.Context) {
	var st wire.SecurityStatus
	callPublic(ctx, "GET", wire.RouteSecurityStatus, none{}, &st, func(ctx app.Context, err error) {
		if err != nil {
			c.err = err.Error()
			return
		}
		c.status, c.loaded = st, true
	})
}

func (c *securityStatus) Render() app.UI {
	if c.err != "" {
		return divct("alert alert-error", "The live status could not be loaded: "+c.err)
	}
	if !c.loaded {
		return parac("muted", "Loading the live status of this server…")
	}
	st := c.status
	return elDiv().ID("live-status").Body(
		h2("Live status of this server"),
		parac("muted", "Read from the running server at "+st.GeneratedAt.Format("2006-01-02 15:04:05 UTC")+
			". Compare the headers below with your browser's developer tools (Network tab)."),
		c.card("Transport", kv("Mode", st.TLS.Mode), kv("TLS in use here", yesNo(st.TLS.Enabled)),
			kv("Minimum version", st.TLS.MinVersion)),
		c.headersCard(st.Headers),
		c.card("Rate limits", append([]app.UI{
			kv("Pages, per client address", itoa(st.RateLimits.GeneralPerMinute)+" per minute"),
			kv("API, per client address", itoa(st.RateLimits.APIPerMinute)+" per minute"),
		}, sortedKV(st.RateLimits.PerUser, "Per user: ")...)...),
		c.card("Passwords", kv("Storage", st.Passwords.Algorithm), kv("bcrypt cost", itoa(st.Passwords.BcryptCost)),
			kv("Length", itoa(st.Passwords.MinLength)+" to "+itoa(st.Passwords.MaxLength)+" characters"),
			kv("Common passwords refused", yesNo(st.Passwords.CommonPasswordsRefused)),
			when(st.Passwords.CommonPasswordRule != "", func() app.UI { return kv("Refused passwords", st.Passwords.CommonPasswordRule) })),
		c.card("Sessions", kv("Tokens", st.Sessions.Algorithm+" in the "+st.Sessions.Transport),
			kv("Token lifetime", st.Sessions.TokenLifetime), kv("Absolute session cap", st.Sessions.AbsoluteCap),
			kv("E-mail security notices", yesNo(st.EmailNotices)),
			kv("Lockout", itoa(st.Lockout.Failures)+" failures in "+st.Lockout.Window+": untrusted browsers (or that known browser) paused for "+st.Lockout.FirstDelay+", doubling up to "+st.Lockout.MaxDelay)),
		c.card("Second factors", kv("Available", strings.Join(st.SecondFactors.Methods, ", ")),
			kv("Recovery codes", itoa(st.SecondFactors.RecoveryCodes)+" single-use codes, stored hashed"),
			kvID("mfa-admin-policy", "Required for administrators", yesNo(st.SecondFactors.RequiredForAdmins))),
		c.card("Backups and audit log", kv("Schedule", st.Backups.Schedule), kv("Retention", st.Backups.Retention),
			when(st.Detailed, func() app.UI { return kv("Last successful backup", timeOr(st.Backups.LastSuccess, "none yet")) }),
			kv("Audit chain", auditText(st))),
		c.scanCard(st.Scan),
		c.buildCard(st.Build),
	)
}

func (c *securityStatus) card(title string, rows ...app.UI) app.UI {
	return divc("card", h3(title), elDl().Class("kv").Body(rows...))
}

func kv(k, v string) app.UI {
	return divc("kv-row", dt(k), elDd().Text(v))
}

// kvID is kv with an id on the row (a <dl> admits only a div holding the
// dt and dd, not one wrapped around that div).
func kvID(id, k, v string) app.UI {
	return divcID("kv-row", id, dt(k), elDd().Text(v))
}

func sortedKV(m map[string]string, prefix string) []app.UI {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]app.UI, 0, len(keys))
	for _, k := range keys {
		out = append(out, kv(prefix+k, m[k]))
	}
	return out
}

func (c *securityStatus) headersCard(hs []wire.Header) app.UI {
	return divc("card",
		h3("Security headers sent with every response"),
		tableWrap().Body(elTable().ID("status-headers").Body(
			thead(tr(th("Header"), th("Value"))),
			tbody(app.Range(hs).Slice(func(i int) app.UI {
				return tr(tdc("header-name", hs[i].Name), tdc("header-value wrap", hs[i].Value))
			})),
		)),
	)
}

func (c *securityStatus) scanCard(s wire.ScanSummary) app.UI {
	rules := make([]string, 0, len(s.Findings))
	for r := range s.Findings {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	date := s.Date
	if date == "" {
		date = "not run for this build"
	}
	rows := []app.UI{kv("Last automated scan", date)}
	for _, t := range s.Tools {
		rows = append(rows, kv("Tool", t))
	}
	for _, r := range rules {
		rows = append(rows, kv("Open findings "+r, itoa(s.Findings[r])))
	}
	rows = append(rows, c.suppressedRows(s.Suppressions)...)
	for _, n := range s.Notes {
		rows = append(rows, kv("Note", n))
	}
	if len(s.Suppressions) == 0 {
		return c.card("Automated security scan", rows...)
	}
	return toggleCard("scan-card", "Automated security scan", rows, &c.showSuppressed,
		"Show every suppressed finding", "Count them per rule")
}

// suppressedRows is the number of suppressed findings per rule, or, when
// asked for, each one with its file and the reason written beside it.
func (c *securityStatus) suppressedRows(sups []wire.Suppression) []app.UI {
	var rows []app.UI
	if c.showSuppressed {
		for _, sup := range sups {
			rows = append(rows, kv("Suppressed "+sup.Rule+" in "+sup.File, sup.Reason))
		}
		return rows
	}
	count := map[string]int{}
	var rules []string
	for _, sup := range sups {
		if count[sup.Rule] == 0 {
			rules = append(rules, sup.Rule)
		}
		count[sup.Rule]++
	}
	sort.Strings(rules)
	for _, r := range rules {
		rows = append(rows, kv("Suppressed "+r, plural(count[r], "finding", "findings")+", each with its reason"))
	}
	return rows
}

func (c *securityStatus) buildCard(b *wire.BuildInfo) app.UI {
	if b == nil {
		return divcID("card", "build-card", h3("Build"),
			parac("muted", "Versions, module list, audit volume and backup times are shown to administrators only."))
	}
	rows := []app.UI{kv("Version", b.Version), kv("Go", b.GoVersion), kv("Modules", itoa(len(b.Modules)))}
	if c.showAll {
		for _, m := range b.Modules {
			rows = append(rows, kv(m.Path, m.Version))
		}
	}
	return toggleCard("build-card", "Build", rows, &c.showAll, "Show every module", "Hide modules")
}

// toggleCard is a card of key-value rows with a button below that flips
// *shown, the card's choice between a summary and every row; show and hide
// are the button's words in either state.
func toggleCard(id, title string, rows []app.UI, shown *bool, show, hide string) app.UI {
	text := show
	if *shown {
		text = hide
	}
	return divcID("card", id,
		h3(title),
		elDl().Class("kv").Body(rows...),
		elButton().Class("btn btn-small").ID(id+"-toggle").Text(text).
			OnClick(func(ctx app.Context, e app.Event) { *shown = !*shown }),
	)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func timeOr(t *time.Time, def string) string {
	if t == nil {
		return def
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func auditText(st wire.SecurityStatus) string {
	a := st.Audit
	auth := ", HMAC-authenticated"
	if !a.Authenticated {
		auth = " (unauthenticated: no audit key set)"
	}
	switch {
	case a.State == "verified" && st.Detailed:
		return "verified: " + plural(a.Entries, "entry", "entries") + ", chain intact" + auth
	case a.State == "verified":
		return "verified, chain intact" + auth
	case a.State == "broken" && st.Detailed:
		return "BROKEN at " + a.BrokenAt
	case a.State == "broken":
		return "BROKEN"
	}
	return a.State
}
