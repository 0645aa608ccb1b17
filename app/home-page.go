package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// homePage is the public landing page.
type homePage struct {
	compo
	sess session
}

func newHomePage() *homePage { return &homePage{} }

func (p *homePage) OnMount(ctx app.Context) {
	p.sess = loadSession()
	ctx.ObserveState(stateSession, &p.sess)
	if !p.sess.signedIn() {
		resumeQuietly(ctx)
	}
}

func (p *homePage) Render() app.UI {
	return newLayout().Content(
		elSection().Class("hero").Body(
			elH1().Text("Portfolio analytics you host yourself"),
			para("Keep your real brokerage accounts in Fortfolio and get performance and risk analytics, "+
				"income and realised-gains reports, stress tests, optimisation, alerts and honest forecasts — "+
				"on your own server, with a security architecture you can check."),
			divc("row",
				app.If(p.sess.signedIn(), func() app.UI {
					return elA().Class("btn btn-primary").Attr("href", "/portfolios").Text("Open my portfolios")
				}).Else(func() app.UI {
					return elDiv().Class("row").Body(
						elA().Class("btn btn-primary").ID("register-link").Attr("href", "/register").Text("Create an account"),
						elA().Class("btn").Attr("href", "/login").Text("Log in"),
					)
				}),
				elA().Class("btn").Attr("href", "/security").Text("Security architecture"),
			),
		),
		divc("features",
			feature("Performance & risk", "Time-weighted return, CAGR, volatility, Sharpe and Sortino, drawdowns, VaR and CVaR, beta against a benchmark."),
			feature("Allocation", "Sector and country breakdowns, correlation heatmap, long/short gross and net exposure."),
			feature("Stress tests", "Replay the 2008 crisis, Lehman, the 2010 flash crash and more on today's holdings, or define your own shocks."),
			feature("Optimisation", "Minimum variance, maximum Sharpe and target return with bounds and sector caps; the efficient frontier."),
			feature("Tax-loss harvesting", "Lots with unrealised losses, short/long-term split, wash-sale warnings and per-country notes."),
			feature("Your real account", "Cash per currency with deposits, withdrawals, interest and taxes, splits, a base currency of your choice, "+
				"and imports from Interactive Brokers, DEGIRO, Trading 212, Schwab, Fidelity, Vanguard, Ghostfolio and Portfolio Performance."),
			feature("Income and gains", "Dividends, interest and withholding tax per month or year with yields; realised gains per tax year "+
				"under FIFO, LIFO or HIFO with wash sales; CSV and PDF reports."),
			feature("Alerts", "Prices, daily moves, drawdowns, VaR, weights, wash-sale windows, surges and forecasts, "+
				"to your inbox and by e-mail, Telegram or web push."),
			feature("Forecasts with their record", "Each model beside its out-of-sample record and a naive baseline, "+
				"and a seeded Monte Carlo of the portfolio."),
			feature("Yours alone", "One isolated database per user, short-lived tokens, no cookies, no trackers, "+
				"an authenticator app or passkeys as a second factor, nightly backups."),
		),
	)
}

func feature(title, text string) app.UI {
	return divc("card", elH2().Class("card-title").Text(title), parac("muted", text))
}
