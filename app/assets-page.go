package ui

import (
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// assetsPage manages the user's own assets: securities, funds, coins or
// holdings the market data lacks, priced by hand or from a pasted or
// uploaded CSV. They are private and work in portfolios like any ticker.
type assetsPage struct {
	compo
	list    []wire.Asset
	status  loadStatus
	err     string
	msg     string
	form    wire.AssetInput
	fields  map[string]string
	busy    bool
	editing *wire.Asset // the asset whose prices are open
	prices  string
	// ctx is the page's own context (see call.go).
	ctx app.Context
}

func newAssetsPage() *assetsPage {
	return &assetsPage{status: statusLoading, form: wire.AssetInput{Currency: validate.DefaultCurrency, Kind: "stock"}}
}

func (p *assetsPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	p.load()
}

func (p *assetsPage) load() {
	var list []wire.Asset
	call(p.ctx, "GET", wire.RouteAssets, none{}, &list, func(ctx app.Context, err error) {
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.list = statusLoaded, list
	})
}

func (p *assetsPage) Render() app.UI {
	return newLayout().Title("My assets").Content(
		parac("muted", "Define an asset the market data lacks (a fund, a bond, a coin, a private holding) and give its "+
			"daily prices. Only you see it; use its symbol in your portfolios like any ticker."),
		notice("ok", "assets-msg", p.msg),
		notice("error", "assets-error", p.err),
		p.renderCreate(),
		when(p.status == statusLoading, func() app.UI { return parac("muted", "Loading your assets…") }),
		when(p.status == statusLoaded && len(p.list) == 0, func() app.UI {
			return paraID("muted", "assets-empty", "You have no assets of your own yet.")
		}),
		when(len(p.list) > 0, p.renderList),
		when(p.editing != nil, p.renderPrices),
	)
}

func (p *assetsPage) input(id, label, field string, value *string) app.UI {
	return elLabel().Body(app.Text(label), elInput().ID(id).Attr("value", *value).OnInput(func(ctx app.Context, e app.Event) {
		*value = ctx.JSSrc().Get("value").String()
	}), fieldNotice(id+"-error", p.fields[field]))
}

func (p *assetsPage) choice(id, label string, options []string, value *string) app.UI {
	return elLabel().Body(app.Text(label), elSelect().ID(id).OnChange(func(ctx app.Context, e app.Event) {
		*value = ctx.JSSrc().Get("value").String()
	}).Body(app.Range(options).Slice(func(i int) app.UI {
		return elOption().Attr("value", options[i]).Attr("selected", options[i] == *value).Text(options[i])
	})))
}

func (p *assetsPage) renderCreate() app.UI {
	f := &p.form
	return elForm().Class("card").ID("create-asset").OnSubmit(p.create).Body(
		h2("New asset"),
		divc("form-grid",
			p.input("asset-symbol", "Symbol", "symbol", &f.Symbol),
			p.input("asset-name", "Name", "name", &f.Name),
			p.choice("asset-currency", "Currency", validate.Currencies, &f.Currency),
			p.choice("asset-kind", "Kind", validate.AssetKinds, &f.Kind),
			p.input("asset-sector", "Sector (optional)", "sector", &f.Sector),
			p.input("asset-country", "Country (optional)", "country", &f.Country),
			formButton("btn btn-primary", "asset-create", "submit", p.busy, "Create"),
		),
	)
}

func (p *assetsPage) create(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.busy, p.err, p.msg, p.fields = true, "", "", nil
	var a wire.Asset
	call(p.ctx, "POST", wire.RouteAssets, p.form, &a, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			if ae, ok := asAPIError(err); ok {
				p.fields = ae.Fields
			}
			return
		}
		p.msg = "Created " + a.Symbol + ": now give its prices."
		p.form = wire.AssetInput{Currency: p.form.Currency, Kind: p.form.Kind}
		p.openPrices(a)
		p.load()
	})
}

func (p *assetsPage) renderList() app.UI {
	return tableWrap().Body(elTable().ID("assets-table").Body(
		thead(tr(th("Symbol"), th("Name"), th("Kind"), th("Currency"),
			th("Sector"), th("Country"), thc("num", "Prices"), th("From – to"), elTh().Body(spanc("sr-only", "Actions")))),
		tbody(app.Range(p.list).Slice(func(i int) app.UI {
			a := p.list[i]
			span := ""
			if a.Prices > 0 {
				span = a.First + " – " + a.Last
			}
			return elTr().Class("asset-row").Body(
				td(a.Symbol), td(a.Name), td(a.Kind), td(a.Currency),
				td(a.Sector), td(a.Country), tdc("num", itoa(a.Prices)), td(span),
				elTd().Body(
					button("btn btn-small", "asset-prices-"+a.Symbol, "Prices", func(ctx app.Context, e app.Event) { p.openPrices(a) }),
					button("btn btn-small btn-danger", "asset-delete-"+a.Symbol, "Delete", func(ctx app.Context, e app.Event) { p.remove(a) }),
				),
			)
		})),
	))
}

// openPrices shows an asset's prices as date,close lines to edit. The
// stored prices arrive after the text area shows: they fill it only while
// it still shows this asset and the user has typed or picked nothing.
func (p *assetsPage) openPrices(a wire.Asset) {
	editing := &a
	p.editing, p.prices = editing, ""
	var got wire.AssetPrices
	call(p.ctx, "GET", wire.Path(wire.RouteAssetPrices, a.ID), none{}, &got, func(ctx app.Context, err error) {
		if p.editing != editing || p.prices != "" {
			return
		}
		if err != nil {
			p.err = err.Error()
			return
		}
		var b strings.Builder
		for _, pr := range got.Prices {
			b.WriteString(pr.Date + "," + ftoa(pr.Close, -1) + "\n")
		}
		p.prices = b.String()
		setFieldValue("asset-prices-text", p.prices)
	})
}

func (p *assetsPage) renderPrices() app.UI {
	a := p.editing
	return divcID("card stack", "asset-prices",
		h2("Prices of "+a.Symbol),
		parac("muted", "One date,close per line (YYYY-MM-DD; a header line, \";\" or tabs and decimal commas are fine). "+
			"Saving replaces every price of the asset."),
		label("Upload a CSV", elInput().ID("asset-prices-file").Attr("type", "file").Attr("accept", ".csv,.txt,text/csv").OnChange(p.pickFile)),
		label("…or type or paste", elTextarea().ID("asset-prices-text").Text(p.prices).OnInput(func(ctx app.Context, e app.Event) {
			p.prices = ctx.JSSrc().Get("value").String()
		})),
		divc("row",
			stateButton("btn btn-primary", "asset-prices-save", p.busy, "Save prices", p.savePrices),
			button("btn", "asset-prices-close", "Close", func(ctx app.Context, e app.Event) { p.editing = nil }),
		),
	)
}

func (p *assetsPage) pickFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() == 0 {
		return
	}
	files.Index(0).Call("text").Then(func(v app.Value) {
		p.ctx.Dispatch(func(ctx app.Context) {
			p.prices = v.String()
			setFieldValue("asset-prices-text", p.prices)
		})
	})
}

func (p *assetsPage) savePrices(ctx app.Context, e app.Event) {
	a := p.editing
	p.busy, p.err, p.msg = true, "", ""
	var got wire.Asset
	call(p.ctx, "PUT", wire.Path(wire.RouteAssetPrices, a.ID), wire.AssetPrices{CSV: p.prices}, &got, func(ctx app.Context, err error) {
		p.busy = false
		if err != nil {
			p.err = err.Error()
			return
		}
		p.msg = "Saved " + plural(got.Prices, "price", "prices") + " of " + got.Symbol + "."
		p.editing = nil
		p.load()
	})
}

func (p *assetsPage) remove(a wire.Asset) {
	p.err, p.msg = "", ""
	call(p.ctx, "DELETE", wire.Path(wire.RouteAsset, a.ID), none{}, new(none), func(ctx app.Context, err error) {
		if err != nil {
			p.err = err.Error()
			return
		}
		p.msg, p.editing = "Deleted "+a.Symbol+".", nil
		p.load()
	})
}
