package model

// Statistics dimensions: what a page view is counted by besides day and path.
const (
	StatsBrowser  = "browser"
	StatsOS       = "os"
	StatsDevice   = "device"
	StatsReferrer = "referrer"
	StatsScreen   = "screen"
)

// StatsHit is one counted page view, already reduced to aggregates: the
// store never sees an address, a User-Agent or a visitor hash.
type StatsHit struct {
	// Day is the UTC day, YYYY-MM-DD.
	Day  string
	Path string
	// NewVisitor is true for a visitor's first view of the day,
	// NewPageVisitor for their first view of Path that day.
	NewVisitor     bool
	NewPageVisitor bool
	// Dims maps a dimension to the value to count once (e.g. "browser" to
	// "Firefox").
	Dims map[string]string
}

// StatsRow is one aggregate: Key is a day, a path or a dimension value;
// Views is the page views or the count, Uniques the unique visitors.
type StatsRow struct {
	Day     string
	Kind    string
	Key     string
	Views   int64
	Uniques int64
}
