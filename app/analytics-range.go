package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// analysisRanges are the range buttons of the analytics page; each counts
// back from the last date of the data ("max" is the whole history).
var analysisRanges = []struct{ Key, Label string }{
	{"1m", "1M"}, {"3m", "3M"}, {"ytd", "YTD"}, {"1y", "1Y"}, {"3y", "3Y"}, {"5y", "5Y"}, {"max", "Max"},
}

// rangeFrom returns the first date of range key ending on end
// (YYYY-MM-DD): "" for max or a bad end.
func rangeFrom(key, end string) string {
	e, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return ""
	}
	var f time.Time
	switch key {
	case "1m":
		f = e.AddDate(0, -1, 0)
	case "3m":
		f = e.AddDate(0, -3, 0)
	case "ytd":
		f = time.Date(e.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case "1y":
		f = e.AddDate(-1, 0, 0)
	case "3y":
		f = e.AddDate(-3, 0, 0)
	case "5y":
		f = e.AddDate(-5, 0, 0)
	default:
		return ""
	}
	return f.Format(time.DateOnly)
}

// pickRange re-scopes the page to a range and reloads the report.
func (p *analyticsPage) pickRange(key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.rng = key
		p.from, p.to = rangeFrom(key, p.end), p.end
		if key == "max" || p.from == "" {
			p.from, p.to = "", ""
		}
		setFieldValue("an-from", p.from)
		setFieldValue("an-to", p.to)
		p.load(ctx)
	}
}

// renderRanges renders the range buttons; "Custom" moves to the date
// fields.
func (p *analyticsPage) renderRanges() app.UI {
	bs := make([]app.UI, 0, len(analysisRanges)+1)
	for _, r := range analysisRanges {
		bs = append(bs, segButton("range-"+r.Key, r.Label, p.rng == r.Key, p.pickRange(r.Key)))
	}
	bs = append(bs, segButton("range-custom", "Custom", p.rng == "custom",
		func(ctx app.Context, e app.Event) { app.Window().GetElementByID("an-from").Call("focus") }))
	return elDiv().Class("seg ranges").ID("ranges").Role("group").Aria("label", "Period").Body(bs...)
}
