package ui

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pageViews remembers what the reporter already sent in this tab: the last
// path (so a query-only change is not a new view) and whether the first
// view, the only one that carries the referrer, went out.
var pageViews struct {
	last     string
	sentOnce bool
}

// reportPageView sends an anonymous page view for the current route:
// the route template (no id, no query), the referring site's host on the
// first view only, and the screen width. It is fire-and-forget: errors
// are ignored and nothing is stored in the browser. Do Not Track and
// Global Privacy Control turn it off.
func reportPageView(ctx app.Context) {
	if !app.IsClient || optedOut() {
		return
	}
	path := ctx.Page().URL().Path
	tmpl := pageTemplate(path)
	if tmpl == "" || path == pageViews.last {
		return
	}
	pageViews.last = path
	pv := wire.PageView{Path: tmpl, ScreenWidth: app.Window().Get("screen").Get("width").Int()}
	if !pageViews.sentOnce {
		pageViews.sentOnce = true
		pv.Referrer = referrerHost(app.Window().Get("document").Get("referrer").String(), ctx.Page().URL().Host)
	}
	ctx.Async(func() { sendPageView(pv) })
}

// optedOut reports whether the browser asks not to be tracked.
func optedOut() bool {
	nav := app.Window().Get("navigator")
	dnt := nav.Get("doNotTrack")
	gpc := nav.Get("globalPrivacyControl")
	return dnt.Truthy() && dnt.String() == "1" || gpc.Truthy() && gpc.Bool()
}

// sendPageView posts pv without a token and drops any error.
func sendPageView(pv wire.PageView) {
	b, err := json.Marshal(pv)
	if err != nil {
		return
	}
	ctx, cancel := lifetimeFor(10 * time.Second)
	defer cancel()
	_, _ = roundTrip(ctx, request{method: "POST", path: wire.RoutePageView, body: b, contentType: "application/json"})
}

// referrerHost keeps only the host of an external referrer; the app's own
// host and anything unparsable give "".
func referrerHost(ref, ownHost string) string {
	u, err := url.Parse(ref)
	if err != nil || u.Hostname() == "" || strings.EqualFold(u.Host, ownHost) {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// pageTemplate maps a URL path to its route template in api.PageTemplates
// ("/portfolios/AbC/analytics" -> "/portfolios/{id}/analytics"). Literal
// templates win over ones with "{id}". Unknown pages map to the not-found
// template; pages of the app without a template give "" (not reported).
func pageTemplate(path string) string {
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	if wire.IsPageTemplate(path) && !strings.Contains(path, "{") {
		return path
	}
	segs := strings.Split(path, "/")
	for _, t := range wire.PageTemplates {
		if templateMatches(strings.Split(t, "/"), segs) {
			return t
		}
	}
	if Known(path) {
		return ""
	}
	return wire.NotFoundTemplate
}

func templateMatches(tmpl, segs []string) bool {
	if len(tmpl) != len(segs) {
		return false
	}
	for i, t := range tmpl {
		if t == "{id}" {
			if validate.ID(segs[i]) != nil {
				return false
			}
			continue
		}
		if t != segs[i] {
			return false
		}
	}
	return true
}
