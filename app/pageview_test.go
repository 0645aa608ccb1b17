package ui

import "testing"

func TestPageTemplate(t *testing.T) {
	tests := map[string]string{
		"/":                                  "/",
		"/security":                          "/security",
		"/portfolios":                        "/portfolios",
		"/portfolios/":                       "/portfolios",
		"/portfolios/new":                    "/portfolios/new",
		"/portfolios/AbC_12-x":               "/portfolios/{id}",
		"/portfolios/AbC_12-x/analytics":     "/portfolios/{id}/analytics",
		"/portfolios/{id}":                   "/404",
		"/portfolios/a%20b":                  "/404",
		"/portfolios/x/unknown":              "/404",
		"/wp-login.php":                      "/404",
		"/admin":                             "/admin",
		"/portfolios/AbC/analytics/extra/..": "/404",
	}
	for path, want := range tests {
		if got := pageTemplate(path); got != want {
			t.Errorf("pageTemplate(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestReferrerHost(t *testing.T) {
	tests := []struct{ ref, own, want string }{
		{"", "app.example", ""},
		{"https://News.Example.org/article?id=7#x", "app.example", "news.example.org"},
		{"https://app.example/portfolios/abc", "app.example", ""},
		{"http://127.0.0.1:8000/", "127.0.0.1:8000", ""},
		{"not a url", "app.example", ""},
	}
	for _, tt := range tests {
		if got := referrerHost(tt.ref, tt.own); got != tt.want {
			t.Errorf("referrerHost(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}
