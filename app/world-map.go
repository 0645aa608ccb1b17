package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// worldMapPath is the simplified world map (Natural Earth, public
// domain; see docs/methodology.md), served as a static file so that its
// path data stays out of app.wasm.
const worldMapPath = "/web/world.json"

// worldMapData is the map file: one SVG path per country, keyed by its
// ISO 3166-1 alpha-2 code.
type worldMapData struct {
	Width     int `json:"width"`
	Height    int `json:"height"`
	Countries []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		D    string `json:"d"`
	} `json:"countries"`
}

// worldMap shades each country by the portfolio's exposure to it.
type worldMap struct {
	compo
	Irows []wire.Allocation
	data  *worldMapData
	err   bool
}

func newWorldMap() *worldMap { return &worldMap{} }

// Rows sets the country allocation.
func (m *worldMap) Rows(r []wire.Allocation) *worldMap { m.Irows = r; return m }

func (m *worldMap) OnMount(ctx app.Context) {
	var d worldMapData
	callPublic(ctx, "GET", worldMapPath, none{}, &d, func(ctx app.Context, err error) {
		m.data, m.err = &d, err != nil
	})
}

func (m *worldMap) Render() app.UI {
	if m.err {
		return parac("muted", "The world map could not be loaded; the country table above lists the same weights.")
	}
	if m.data == nil {
		return parac("muted", "Loading the map…")
	}
	weight, top := map[string]float64{}, 0.0
	for _, r := range m.Irows {
		weight[r.Key] += r.Weight
		top = max(top, weight[r.Key])
	}
	var missing []wire.Allocation
	for _, r := range m.Irows {
		if !m.onMap(r.Key) {
			missing = append(missing, r)
		}
	}
	paths := make([]sv, len(m.data.Countries))
	for i, c := range m.data.Countries {
		paths[i] = sv{spec: "path land", s: c.D, title: c.Name}
		if w, held := weight[c.ID]; held {
			paths[i].spec, paths[i].title = "path land "+heatBucket(w, top)+" #map-"+c.ID, c.Name+": "+fmtPct(w)
		}
	}
	note := ""
	if len(missing) > 0 {
		note = " · not on the map: " + countryText(missing)
	}
	return elFigure().Class("world").ID("world-map").Body(
		svgChart("world-svg", float64(m.data.Width), float64(m.data.Height), "World map of the country exposure: "+countryText(m.Irows), paths...),
		el("figcaption").Class("muted").Body(elSpan().Class("swatch h1"), app.Text("less "),
			elSpan().Class("swatch h5"), app.Text("more exposure"+note)),
	)
}

// onMap reports whether the map has the country.
func (m *worldMap) onMap(code string) bool {
	for _, c := range m.data.Countries {
		if c.ID == code {
			return true
		}
	}
	return false
}

// heatBucket is the shade of a weight relative to the largest: h1..h5.
func heatBucket(w, top float64) string {
	if top <= 0 || w <= 0 {
		return "h0"
	}
	return "h" + itoa(1+min(4, int(w/top*5)))
}

// countryText lists countries with their weights.
func countryText(rows []wire.Allocation) string {
	s := ""
	for i, r := range rows {
		if i > 0 {
			s += ", "
		}
		s += r.Key + " " + fmtPct(r.Weight)
	}
	return s
}
