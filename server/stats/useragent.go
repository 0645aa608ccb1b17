package stats

import "strings"

// UserAgent is what statistics keep of a User-Agent header: three coarse
// families, never the string itself.
type UserAgent struct {
	Browser string
	OS      string
	Device  string // "Mobile", "Tablet" or "Desktop"
}

// family is a substring and the family it reveals; the first match wins.
type family struct{ token, name string }

var browsers = []family{
	{"edg/", "Edge"}, {"edga/", "Edge"}, {"edgios/", "Edge"},
	{"opr/", "Opera"}, {"samsungbrowser/", "Samsung Internet"},
	{"firefox/", "Firefox"}, {"fxios/", "Firefox"},
	{"chromium/", "Chromium"}, {"headlesschrome/", "Chrome"}, {"chrome/", "Chrome"}, {"crios/", "Chrome"},
	{"safari/", "Safari"},
}

var systems = []family{
	{"windows", "Windows"}, {"iphone", "iOS"}, {"ipad", "iOS"}, {"ipod", "iOS"},
	{"android", "Android"}, {"cros", "ChromeOS"}, {"mac os x", "macOS"}, {"macintosh", "macOS"},
	{"linux", "Linux"}, {"bsd", "BSD"},
}

// ParseUserAgent reduces a User-Agent header to its families; unknown
// values are "Other".
func ParseUserAgent(ua string) UserAgent {
	low := strings.ToLower(ua)
	return UserAgent{Browser: match(low, browsers), OS: match(low, systems), Device: device(low)}
}

func match(low string, families []family) string {
	for _, f := range families {
		if strings.Contains(low, f.token) {
			return f.name
		}
	}
	return "Other"
}

// device classifies phones and tablets by their usual tokens.
func device(low string) string {
	switch {
	case strings.Contains(low, "ipad") || strings.Contains(low, "tablet") ||
		strings.Contains(low, "android") && !strings.Contains(low, "mobile"):
		return "Tablet"
	case strings.Contains(low, "mobi") || strings.Contains(low, "iphone") || strings.Contains(low, "ipod"):
		return "Mobile"
	}
	return "Desktop"
}

// isBot reports whether a User-Agent announces a crawler; those views are
// not counted.
func isBot(ua string) bool {
	low := strings.ToLower(ua)
	for _, t := range []string{"bot", "spider", "crawl", "slurp", "facebookexternalhit"} {
		if strings.Contains(low, t) {
			return true
		}
	}
	return false
}
