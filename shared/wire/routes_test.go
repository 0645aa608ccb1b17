package wire

import (
	"net/url"
	"testing"
)

func TestPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		route  string
		values []string
		want   string
	}{
		{RoutePortfolios, nil, "/api/portfolios"},
		{RoutePortfolio, []string{"AbC_1"}, "/api/portfolios/AbC_1"},
		{RouteTransaction, []string{"p1", "t1"}, "/api/portfolios/p1/transactions/t1"},
		{RouteHistory, []string{"BRK.B"}, "/api/market/history/BRK.B"},
		// Values are one path segment each: no traversal, no extra query.
		{RoutePortfolio, []string{"../admin"}, "/api/portfolios/..%2Fadmin"},
		{RoutePortfolio, []string{"a?b=c#d"}, "/api/portfolios/a%3Fb=c%23d"},
		{RouteTransaction, []string{"p1"}, "/api/portfolios/p1/transactions/"},
	} {
		if got := Path(tc.route, tc.values...); got != tc.want {
			t.Errorf("Path(%q, %q) = %q, want %q", tc.route, tc.values, got, tc.want)
		}
	}
}

func TestWithQuery(t *testing.T) {
	t.Parallel()
	if got := WithQuery(RouteAdminAudit, nil); got != RouteAdminAudit {
		t.Errorf("empty query: %q", got)
	}
	if got := WithQuery(RouteAdminAudit, url.Values{"user": {"a b"}}); got != "/api/admin/audit?user=a+b" {
		t.Errorf("query: %q", got)
	}
}
