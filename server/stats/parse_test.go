package stats

import (
	"testing"
	"time"
)

func TestParseUserAgent(t *testing.T) {
	tests := []struct {
		ua   string
		want UserAgent
	}{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
			UserAgent{"Edge", "Windows", "Desktop"}},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", UserAgent{"Firefox", "Linux", "Desktop"}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
			UserAgent{"Safari", "iOS", "Mobile"}},
		{"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
			UserAgent{"Chrome", "iOS", "Tablet"}},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
			UserAgent{"Chrome", "Android", "Mobile"}},
		{"Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
			UserAgent{"Chrome", "Android", "Tablet"}},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
			UserAgent{"Safari", "macOS", "Desktop"}},
		{"", UserAgent{"Other", "Other", "Desktop"}},
	}
	for _, tt := range tests {
		if got := ParseUserAgent(tt.ua); got != tt.want {
			t.Errorf("ParseUserAgent(%q) = %+v, want %+v", tt.ua, got, tt.want)
		}
	}
}

func TestReferrerHost(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"news.example.org", "news.example.org", true},
		{"https://User:pw@Search.Example.com:443/q?x=secret#f", "search.example.com", true},
		{"example.com:8080", "example.com", true},
		{"<script>", "", false},
		{"=HYPERLINK(1)", "", false},
		{"exa mple.com", "", false},
		{"https:///path", "", false},
	}
	for _, tt := range tests {
		got, ok := ReferrerHost(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ReferrerHost(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestScreenBucket(t *testing.T) {
	tests := map[int]string{0: "Unknown", 375: "< 576 px", 768: "768-991 px", 1280: "1200-1599 px", 2560: ">= 1600 px"}
	for w, want := range tests {
		if got := ScreenBucket(w); got != want {
			t.Errorf("ScreenBucket(%d) = %q, want %q", w, got, want)
		}
	}
}

func TestParseRange(t *testing.T) {
	now := time.Date(2024, 5, 10, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		from, to         string
		wantFrom, wantTo string
		ok               bool
	}{
		{"", "", "2024-04-11", "2024-05-10", true},
		{"2024-01-01", "2024-01-31", "2024-01-01", "2024-01-31", true},
		{"2024-02-01", "2024-01-31", "", "", false},
		{"2024-1-1", "", "", "", false},
		{"2020-01-01", "2024-01-01", "", "", false},
		{"1999-12-31", "2000-01-01", "", "", false},
		{"2024-01-01'--", "", "", "", false},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.from, tt.to, now)
		if (err == nil) != tt.ok {
			t.Errorf("ParseRange(%q, %q) err = %v", tt.from, tt.to, err)
			continue
		}
		if from, to := r.days(); tt.ok && (from != tt.wantFrom || to != tt.wantTo) {
			t.Errorf("ParseRange(%q, %q) = %s..%s", tt.from, tt.to, from, to)
		}
	}
}
