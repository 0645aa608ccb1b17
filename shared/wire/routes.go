package wire

import (
	"net/url"
	"strings"
)

// The API routes, as patterns in the form net/http's ServeMux takes after
// the method ("GET " + RoutePortfolio). A {name} segment is an identifier
// (or a ticker) filled in with Path. The client builds every request path
// from these constants, so a route is spelled once.
const (
	RouteRegister       = "/api/auth/register"
	RouteLogin          = "/api/auth/login"
	RouteRefresh        = "/api/auth/refresh"
	RouteLogout         = "/api/auth/logout"
	RouteChangePassword = "/api/auth/change-password" // #nosec G101 -- a route path, not a credential
	RouteMe             = "/api/me"
	RouteMeEmail        = "/api/me/email"
	RouteSecurityStatus = "/api/security/status"
	RouteClientLog      = "/api/log"
	RoutePageView       = "/api/stats/pageview"

	RoutePortfolios       = "/api/portfolios"
	RoutePortfolioExample = "/api/portfolios/example"
	RoutePortfolio        = "/api/portfolios/{id}"
	RouteTransactions     = "/api/portfolios/{id}/transactions"
	RouteTransaction      = "/api/portfolios/{id}/transactions/{tid}"
	RouteHoldings         = "/api/portfolios/{id}/holdings"
	RouteImport           = "/api/portfolios/{id}/import"
	RouteImportPreview    = "/api/portfolios/{id}/import/preview"
	RouteImportFile       = "/api/portfolios/{id}/import/file"
	RouteImportFormats    = "/api/import/formats"
	RouteImportMappings   = "/api/import/mappings"
	RouteImportMapping    = "/api/import/mappings/{id}"
	RouteAssets           = "/api/assets"
	RouteAsset            = "/api/assets/{id}"
	RouteAssetPrices      = "/api/assets/{id}/prices"
	RouteExportCSV        = "/api/portfolios/{id}/export.csv"
	RouteExportJSON       = "/api/export.json"
	RouteSymbols          = "/api/market/symbols"
	RouteHistory          = "/api/market/history/{ticker}"
	RouteAnalytics        = "/api/portfolios/{id}/analytics"
	RouteStress           = "/api/portfolios/{id}/stress"
	RouteStressSets       = "/api/stress/sets"
	RouteStressSet        = "/api/stress/sets/{id}"
	RouteOptimize         = "/api/portfolios/{id}/optimize"
	RouteTaxCountries     = "/api/tax/countries"
	RouteTaxHarvest       = "/api/portfolios/{id}/tax-harvest"
	RouteRealisedGains    = "/api/portfolios/{id}/realised-gains"
	RouteRealisedGainsCSV = "/api/portfolios/{id}/realised-gains.csv"
	RouteIncome           = "/api/portfolios/{id}/income"
	RouteOpenLots         = "/api/portfolios/{id}/lots"
	RouteJob              = "/api/jobs/{id}"
	RouteReport           = "/api/portfolios/{id}/report"
	RouteAdminUsers       = "/api/admin/users"
	RouteAdminUser        = "/api/admin/users/{id}"
	RouteAdminUserReset   = "/api/admin/users/{id}/reset-password"
	RouteAdminUserLock    = "/api/admin/users/{id}/lock"
	RouteAdminUserUnlock  = "/api/admin/users/{id}/unlock"
	RouteAdminUserRole    = "/api/admin/users/{id}/role"
	RouteAdminUserExport  = "/api/admin/users/{id}/export.json"
	RouteAdminAudit       = "/api/admin/audit"
	RouteAdminAuditVerify = "/api/admin/audit/verify"
	RouteAdminEvents      = "/api/admin/security-events"
	RouteAdminBackups     = "/api/admin/backups"
	RouteAdminStats       = "/api/admin/stats"
	RouteAdminStatsCSV    = "/api/admin/stats.csv"

	RouteAlerts            = "/api/alerts"
	RouteAlert             = "/api/alerts/{id}"
	RouteAlertTest         = "/api/alerts/{id}/test"
	RouteNotifications     = "/api/me/notifications"
	RouteNotificationRead  = "/api/me/notifications/{id}/read"
	RouteNotificationsRead = "/api/me/notifications/read"
	RouteWatchlist         = "/api/me/watchlist"
	RouteChannels          = "/api/me/channels"
	RouteTelegramLink      = "/api/me/telegram/link"
	RouteTelegram          = "/api/me/telegram"
	RoutePush              = "/api/me/push"
	RouteSurges            = "/api/market/surges"
)

// Path fills the {name} segments of route, in order, with values escaped
// as single path segments; a missing value leaves the segment empty (the
// server answers 404). Path(RouteTransaction, "p1", "t1") is
// "/api/portfolios/p1/transactions/t1".
func Path(route string, values ...string) string {
	var b strings.Builder
	b.Grow(len(route) + 16)
	for {
		open := strings.IndexByte(route, '{')
		if open < 0 {
			b.WriteString(route)
			return b.String()
		}
		end := strings.IndexByte(route[open:], '}')
		if end < 0 {
			b.WriteString(route)
			return b.String()
		}
		b.WriteString(route[:open])
		if len(values) > 0 {
			b.WriteString(url.PathEscape(values[0]))
			values = values[1:]
		}
		route = route[open+end+1:]
	}
}

// WithQuery appends q to path as a query string when q holds any value.
func WithQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
