package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// analysisRanges are the range buttons of the analytics page; each counts
// back from the last date of the data ("max" is the whole history).
var analysisRanges = []struct{ Key, Label, Name string }{
	{"1m", "1M", "one month"}, {"3m", "3M", "three months"}, {"ytd", "YTD", "year to date"},
	{"1y", "1Y", "one year"}, {"3y", "3Y", "three years"}, {"5y", "5Y", "five years"}, {"max", "Max", "the whole history"},
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
	return app.Div().Class("seg ranges").ID("ranges").Role("group").Aria("label", "Period").Body(
		app.Range(analysisRanges).Slice(func(i int) app.UI {
			r := analysisRanges[i]
			on := p.rng == r.Key
			return app.Button().Type("button").Class(map[bool]string{true: "btn btn-small active", false: "btn btn-small"}[on]).
				ID("range-"+r.Key).Aria("pressed", on).Aria("label", r.Label+": "+r.Name).
				Disabled(p.end == "").OnClick(p.pickRange(r.Key)).Text(r.Label)
		}),
		app.Button().Type("button").Class(map[bool]string{true: "btn btn-small active", false: "btn btn-small"}[p.rng == "custom"]).
			ID("range-custom").Aria("pressed", p.rng == "custom").
			OnClick(func(ctx app.Context, e app.Event) { app.Window().GetElementByID("an-from").Call("focus") }).Text("Custom"),
	)
}
