package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// saleLots lets a sale name the lots it closes (specific identification):
// the ticker's open lots, each with the shares to sell from it. Unticked,
// the sale names no lot and reports match it by their lot method.
type saleLots struct {
	compo
	Iid, Iticker string
	Ion          string // an as-traded sale's date: lots in that day's shares
	Ipicks       []wire.LotPick
	IOnChange    func(ctx app.Context, picks []wire.LotPick)

	lots      []wire.OpenLot
	loadedFor string
	on        bool
	qty       map[string]string // lot id -> the typed quantity
	err       string
	mounted   bool
	ctx       app.Context
}

func newSaleLots() *saleLots { return &saleLots{} }

// Portfolio sets the portfolio whose lots are listed.
func (s *saleLots) Portfolio(id string) *saleLots { s.Iid = id; return s }

// Ticker sets the ticker sold.
func (s *saleLots) Ticker(t string) *saleLots { s.Iticker = t; return s }

// AsTradedOn lists the lots in the shares of date (an as-traded sale of
// that day; "" for split-adjusted shares).
func (s *saleLots) AsTradedOn(date string) *saleLots { s.Ion = date; return s }

// Picks sets the lots the sale names so far.
func (s *saleLots) Picks(p []wire.LotPick) *saleLots { s.Ipicks = p; return s }

// OnChange is called with the named lots whenever they change.
func (s *saleLots) OnChange(fn func(app.Context, []wire.LotPick)) *saleLots {
	s.IOnChange = fn
	return s
}

func (s *saleLots) OnMount(ctx app.Context)  { s.ctx, s.mounted = ctx, true; s.load() }
func (s *saleLots) OnUpdate(ctx app.Context) { s.load() }

// load fetches the ticker's open lots when the portfolio or ticker changed.
func (s *saleLots) load() {
	key := s.Iid + "/" + s.Iticker + "/" + s.Ion
	if key == s.loadedFor || !s.mounted {
		return
	}
	s.loadedFor, s.lots, s.err = key, nil, ""
	s.qty = map[string]string{}
	for _, p := range s.Ipicks {
		s.qty[p.Lot] = ftoa(p.Quantity, -1)
	}
	s.on = len(s.Ipicks) > 0
	q := url.Values{"ticker": {s.Iticker}}
	if s.Ion != "" {
		q.Set("as_traded_on", s.Ion)
	}
	path := wire.WithQuery(wire.Path(wire.RouteOpenLots, s.Iid), q)
	var lots []wire.OpenLot
	call(s.ctx, "GET", path, none{}, &lots, func(ctx app.Context, err error) {
		if key != s.loadedFor {
			return
		}
		if err != nil {
			s.err = err.Error()
			return
		}
		s.lots = lots
	})
}

func (s *saleLots) toggle(ctx app.Context, e app.Event) {
	s.on = ctx.JSSrc().Get("checked").Bool()
	s.emit(ctx)
}

func (s *saleLots) setQty(lot string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		s.qty[lot] = ctx.JSSrc().Get("value").String()
		s.emit(ctx)
	}
}

// emit reports the named lots: none while unticked; otherwise every lot
// with a positive quantity typed, in the list's order.
func (s *saleLots) emit(ctx app.Context) {
	if s.IOnChange == nil {
		return
	}
	var picks []wire.LotPick
	if s.on {
		for _, l := range s.lots {
			if v, err := strconv.ParseFloat(strings.TrimSpace(s.qty[l.LotID]), 64); err == nil && v != 0 {
				picks = append(picks, wire.LotPick{Lot: l.LotID, Quantity: v})
			}
		}
	}
	s.IOnChange(ctx, picks)
}

func (s *saleLots) Render() app.UI {
	return divcID("card", "sale-lots",
		elLabel().Class("check").Body(
			elInput().Attr("type", "checkbox").ID("sale-lots-toggle").Attr("checked", s.on).OnChange(s.toggle),
			app.Text("Choose the lots this sale closes (specific identification)"),
		),
		notice("error", "", s.err),
		when(s.on && len(s.lots) == 0 && s.err == "", func() app.UI {
			return parac("empty", "No open lot of "+s.Iticker+".")
		}),
		when(s.on && len(s.lots) > 0, s.renderLots),
	)
}

func (s *saleLots) renderLots() app.UI {
	return tableWrap().Body(elTable().Class("table").ID("sale-lots-table").Body(
		thead(tr(th("Bought"), th("Lot"), numTh("Shares held"),
			numTh("Cost per share"), th("Shares to sell"))),
		tbody(app.Range(s.lots).Slice(func(i int) app.UI {
			l := s.lots[i]
			return tr(td(l.Acquired), tdc("muted", l.LotID),
				tdc("num", exactQuantity(l.Quantity)), tdc("num", money(l.CostPerShare, l.Currency)),
				elTd().Body(elInput().ID("lot-qty-"+l.LotID).Attr("inputmode", "decimal").Attr("aria-label", "Shares to sell from the lot bought "+l.Acquired).
					Attr("value", s.qty[l.LotID]).OnInput(s.setQty(l.LotID), app.EventScope(l.LotID))))
		})),
	))
}

// asTradedOn is the date whose shares an as-traded sale names its lots in
// ("" for an adjusted sale or while the date is not a valid one).
func (f *transactionForm) asTradedOn() string {
	if f.basis == validate.BasisAdjusted {
		return ""
	}
	if _, err := validate.Date(f.date); err != nil {
		return ""
	}
	return f.date
}

// setLots takes the sale's named lots from the picker.
func (f *transactionForm) setLots(ctx app.Context, picks []wire.LotPick) {
	f.lots = picks
	f.touched["lots"] = true
	delete(f.serverFields, "lots")
	f.validate()
}

// formLots converts the form's named lots for the shared validator; only
// a sell sends them.
func formLots(picks []wire.LotPick, kind string) []validate.LotPick {
	if kind != validate.KindSell {
		return nil
	}
	var out []validate.LotPick
	for _, p := range picks {
		out = append(out, validate.LotPick{Lot: p.Lot, Quantity: p.Quantity})
	}
	return out
}

// wireLots converts validated named lots for the request.
func wireLots(picks []validate.LotPick) []wire.LotPick {
	var out []wire.LotPick
	for _, p := range picks {
		out = append(out, wire.LotPick{Lot: p.Lot, Quantity: p.Quantity})
	}
	return out
}
