package ui

import (
	"net/url"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// symbolSearch is a ticker input with suggestions from /api/market/symbols.
type symbolSearch struct {
	compo
	IID       string
	IValue    string
	IOnChange func(ctx app.Context, ticker string)

	text  string
	seen  string
	sugg  []wire.Symbol
	query int
	ui    app.Context // the input's own context (see call.go)
}

func newSymbolSearch() *symbolSearch { return &symbolSearch{} }

// ID sets the input's id.
func (s *symbolSearch) ID(v string) *symbolSearch { s.IID = v; return s }

// Value sets the ticker shown.
func (s *symbolSearch) Value(v string) *symbolSearch { s.IValue = v; return s }

// OnChange sets the callback run with the text typed or the ticker picked.
func (s *symbolSearch) OnChange(f func(ctx app.Context, ticker string)) *symbolSearch {
	s.IOnChange = f
	return s
}

func (s *symbolSearch) OnMount(ctx app.Context)  { s.ui = ctx; s.sync() }
func (s *symbolSearch) OnUpdate(ctx app.Context) { s.sync() }

// sync takes a new value from the parent (a form switched to edit mode).
func (s *symbolSearch) sync() {
	if s.IValue != s.seen {
		s.seen, s.text = s.IValue, s.IValue
	}
}

func (s *symbolSearch) Render() app.UI {
	return divc("autocomplete",
		elInput().ID(s.IID).Attr("autocomplete", "off").Attr("spellcheck", "false").Attr("maxlength", 10).
			Attr("placeholder", "e.g. AAPL or Apple").Attr("value", s.text).OnInput(s.typed).OnKeyDown(s.key),
		when(len(s.sugg) > 0, func() app.UI {
			return elUl().Class("suggestions").ID(s.IID + "-suggestions").Body(
				app.Range(s.sugg).Slice(func(i int) app.UI {
					sym := s.sugg[i]
					return elLi().Class("suggestion").DataSet("ticker", sym.Ticker).OnClick(s.pick(sym.Ticker), app.EventScope(sym.Ticker)).Body(
						elStrong().Text(sym.Ticker), app.Text(" — "+sym.Name),
					)
				}),
			)
		}),
	)
}

func (s *symbolSearch) typed(ctx app.Context, e app.Event) {
	s.text = ctx.JSSrc().Get("value").String()
	s.changed(ctx, s.text)
	q := strings.TrimSpace(s.text)
	if q == "" {
		s.sugg = nil
		return
	}
	s.query++
	n := s.query
	var res wire.Symbols
	call(s.ui, "GET", wire.RouteSymbols+"?q="+url.QueryEscape(q), none{}, &res, func(ctx app.Context, err error) {
		if n != s.query || err != nil {
			return // a newer query is running, or search failed: typing still works
		}
		s.sugg = res.Symbols
	})
}

func (s *symbolSearch) key(ctx app.Context, e app.Event) {
	if e.Get("key").String() == "Escape" {
		s.sugg = nil
	}
}

func (s *symbolSearch) pick(ticker string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		s.text, s.sugg = ticker, nil
		s.query++
		s.changed(ctx, ticker)
	}
}

func (s *symbolSearch) changed(ctx app.Context, v string) {
	if s.IOnChange != nil {
		s.IOnChange(ctx, v)
	}
}
