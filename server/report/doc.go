// Package report renders a portfolio's PDF report with github.com/go-pdf/fpdf:
// title and date, holdings, allocation, key metrics with their
// definitions, value and drawdown charts (drawn with PDF lines from the
// shared/chart geometry), stress results, the realised gains of a tax year and the user's note. User text
// (portfolio name, note, tickers) is only ever written as PDF text.
package report

import (
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxNoteLen is the longest note (in characters) a report accepts.
const MaxNoteLen = 2000

// Data is everything a report shows.
type Data struct {
	Name      string
	Currency  string
	Note      string
	Generated time.Time
	Benchmark string
	Report    wire.AnalyticsReport
	Stress    []wire.StressResult
	// Gains is the realised-gains report of one tax year (nil: no section).
	Gains *wire.RealisedGains
}
