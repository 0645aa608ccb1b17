package wire

// PageView is the body of POST /api/stats/pageview: an anonymous page view.
// Path is a route template (never an id or a query string), Referrer the
// host name of an external referring site or "", ScreenWidth the screen
// width in CSS pixels (0 when unknown).
type PageView struct {
	Path        string `json:"path"`
	Referrer    string `json:"referrer"`
	ScreenWidth int    `json:"screen_width"`
}

// NotFoundTemplate is the template reported for pages that do not exist.
const NotFoundTemplate = "/404"

// PageTemplates lists every route template page views may be counted for.
// "{id}" stands for one identifier path segment.
var PageTemplates = []string{
	"/", "/security", "/methodology", "/login", "/register", "/account",
	"/portfolios", "/portfolios/new", "/portfolios/{id}",
	"/portfolios/{id}/analytics", "/portfolios/{id}/transactions", "/portfolios/{id}/holdings",
	"/portfolios/{id}/stress", "/portfolios/{id}/optimize", "/portfolios/{id}/tax",
	"/portfolios/{id}/report", "/admin", NotFoundTemplate,
}

// IsPageTemplate reports whether path is one of PageTemplates.
func IsPageTemplate(path string) bool {
	for _, t := range PageTemplates {
		if t == path {
			return true
		}
	}
	return false
}

// StatsDay is the traffic of one UTC day (YYYY-MM-DD): page views and
// unique visitors (a visitor is counted once per day).
type StatsDay struct {
	Day      string `json:"day"`
	Views    int64  `json:"views"`
	Visitors int64  `json:"visitors"`
}

// StatsPage is the traffic of one route template over a date range; Uniques
// sums the daily unique visitors of the page.
type StatsPage struct {
	Path    string `json:"path"`
	Views   int64  `json:"views"`
	Uniques int64  `json:"uniques"`
}

// StatsCount is how often one value (a browser family, a referrer host...)
// was counted over a date range.
type StatsCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

// StatsReport answers GET /api/admin/stats?from=&to= (dates inclusive).
// Browsers, OS, devices and screens count visitors per day; referrers count
// page views arriving from another site.
type StatsReport struct {
	From      string       `json:"from"`
	To        string       `json:"to"`
	Views     int64        `json:"views"`
	Visitors  int64        `json:"visitors"`
	Days      []StatsDay   `json:"days"`
	Pages     []StatsPage  `json:"pages"`
	Referrers []StatsCount `json:"referrers"`
	Browsers  []StatsCount `json:"browsers"`
	OS        []StatsCount `json:"os"`
	Devices   []StatsCount `json:"devices"`
	Screens   []StatsCount `json:"screens"`
}
