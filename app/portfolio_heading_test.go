package ui

import "testing"

func TestPortfolioHeadingTitle(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		h    portfolioHeading
		want string
	}{
		{portfolioHeading{untitled: "Portfolio analytics", label: "Analytics"}, "Portfolio analytics"},
		{portfolioHeading{untitled: "Portfolio analytics", label: "Analytics", name: "Savings"}, "Analytics — Savings"},
		{portfolioHeading{untitled: "Income", label: "Income", name: "Income"}, "Income — Income"},
	} {
		if got := c.h.title(); got != c.want {
			t.Errorf("title of %+v = %q, want %q", c.h, got, c.want)
		}
	}
}
