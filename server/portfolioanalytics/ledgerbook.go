package portfolioanalytics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/fx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// CashPrefix starts the ticker of a cash series: "CASH.EUR" is the
// portfolio's euro cash, priced at the EUR rate in the base currency.
const CashPrefix = "CASH."

// CashSector is the sector and country of cash in allocations.
const CashSector = "Cash"

// IsCash reports whether ticker is a cash series.
func IsCash(ticker string) bool { return strings.HasPrefix(ticker, CashPrefix) }

// ErrNoRates is returned when the exchange rates do not cover a date the
// portfolio needs converted.
var ErrNoRates = errors.New("portfolioanalytics: no exchange rate")

// LoadIn is Load for a portfolio with base currency base (USD when
// empty): splits are applied to as-traded trades, entries after the last
// price date are set aside (Pending), and when the portfolio holds cash or
// anything outside USD, every amount is converted to base at its day's
// rate and cash is booked as series of its own.
func (s Source) LoadIn(ctx context.Context, base string, txs []model.Transaction) (*Book, error) {
	if base == "" {
		base = validate.DefaultCurrency
	}
	if err := s.Splits.Fetch(ctx, portfolio.AsTradedTickers(txs)...); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	adj := portfolio.Adjust(txs, s.Splits.Of)
	if base == validate.DefaultCurrency && !slices.ContainsFunc(adj, needsLedger) {
		return s.Load(ctx, adj)
	}
	return s.loadLedger(ctx, base, adj)
}

// needsLedger reports whether t is more than a USD trade, dividend or fee.
func needsLedger(t model.Transaction) bool {
	return validate.IsCashEntry(t.Kind, t.Amount) || t.Kind == validate.KindSplit ||
		portfolio.TradeCurrency(t) != validate.DefaultCurrency
}

// converter converts amounts to the base currency at a day's rate.
type converter struct {
	base  string
	rates *fx.Table
}

func (c converter) to(amount float64, day time.Time, from string) (float64, error) {
	v, err := c.rates.Convert(amount, day, from, c.base)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrNoRates, err)
	}
	return v, nil
}

// loadLedger is LoadIn's general path.
func (s Source) loadLedger(ctx context.Context, base string, txs []model.Transaction) (*Book, error) {
	b := &Book{Meta: map[string]analytics.Meta{}, src: s, Base: base, Currency: map[string]string{}, Local: map[string]analytics.PriceSeries{}}
	for _, tk := range tradedTickers(txs) {
		if err := s.addStock(ctx, b, tk); err != nil {
			return nil, err
		}
	}
	rates, err := s.Rates(ctx, currenciesOf(base, b.Currency, txs)...)
	if err != nil {
		return nil, err
	}
	cv := converter{base: base, rates: rates}
	b.cv = cv
	if err := b.convertSeries(cv, txs); err != nil {
		return nil, err
	}
	txs = b.setAside(txs)
	b.HoldsCash = slices.ContainsFunc(txs, func(t model.Transaction) bool { return t.Kind == validate.KindDeposit })
	lb := ledgerBuilder{b: b, cv: cv, cash: map[string]bool{}}
	for _, t := range txs {
		if err := lb.add(t); err != nil {
			return nil, err
		}
	}
	if err := lb.cashSeries(s); err != nil {
		return nil, err
	}
	b.keepSeries()
	slices.Sort(b.Tickers)
	return b, nil
}

// tradedTickers lists the tickers whose shares the history moves.
func tradedTickers(txs []model.Transaction) []string {
	var out []string
	for _, t := range txs {
		if t.Ticker != "" && !validate.IsCashEntry(t.Kind, t.Amount) && t.Kind != validate.KindSplit && !slices.Contains(out, t.Ticker) {
			out = append(out, t.Ticker)
		}
	}
	return out
}

// addStock fetches a ticker's closes and its currency; a ticker without
// prices goes to Missing.
func (s Source) addStock(ctx context.Context, b *Book, tk string) error {
	ps, err := s.Series(ctx, tk)
	if errors.Is(err, market.ErrUnknownTicker) || err == nil && len(ps.Dates) == 0 {
		b.Missing = append(b.Missing, tk)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	cur := validate.DefaultCurrency
	if sym, err := s.Market.Symbol(ctx, tk); err == nil {
		cur = sym.QuoteCurrency()
	}
	b.Currency[tk], b.Local[tk] = cur, ps
	b.Series = append(b.Series, ps) // converted by convertSeries
	b.Meta[tk] = s.Meta(ctx, tk)
	b.Tickers = append(b.Tickers, tk)
	return nil
}

// ledgerBuilder books a history on the trades and dividends of a Book.
type ledgerBuilder struct {
	b    *Book
	cv   converter
	cash map[string]bool // currencies with a cash series
}

// add books one entry. With cash (HoldsCash) every entry has a cash leg on
// its currency's cash series and no external flow except deposits and
// withdrawals; without, trades are the flows and income is paid out.
func (lb *ledgerBuilder) add(t model.Transaction) error {
	if lb.skip(t) {
		return nil
	}
	cur, delta := portfolio.Settlement(t)
	conv, err := lb.converted(t, cur)
	if err != nil {
		return err
	}
	local := t
	if cur != "" && local.Currency == "" {
		local.Currency = cur
	}
	lb.b.Txs = append(lb.b.Txs, local)
	lb.b.BaseTxs = append(lb.b.BaseTxs, conv)
	cash := lb.b.HoldsCash
	switch t.Kind {
	case validate.KindBuy, validate.KindCover, validate.KindSell, validate.KindShort:
		q := conv.Quantity
		if t.Kind == validate.KindSell || t.Kind == validate.KindShort {
			q = -q
		}
		lb.b.Trades = append(lb.b.Trades, analytics.Trade{Date: t.Date, Ticker: t.Ticker, Quantity: q, Price: conv.Price, Fee: conv.Fee, Internal: cash})
	case validate.KindDeposit, validate.KindWithdrawal:
		return lb.cashLeg(t.Date, cur, delta, false)
	case validate.KindSplit:
		return nil
	default: // dividend, fee, interest, tax: income or cost
		amount, err := lb.cv.to(delta, t.Date, cur)
		if err != nil {
			return err
		}
		lb.b.Dividends = append(lb.b.Dividends, analytics.Dividend{Date: t.Date, Ticker: lb.incomeTicker(t, cur), Amount: amount, Settled: cash})
	}
	if cash {
		return lb.cashLeg(t.Date, cur, delta, true)
	}
	return nil
}

// skip reports entries of tickers without prices (left out with their
// cash legs, as Load leaves them out).
func (lb *ledgerBuilder) skip(t model.Transaction) bool {
	return t.Ticker != "" && slices.Contains(lb.b.Missing, t.Ticker) && !validate.IsCashEntry(t.Kind, t.Amount)
}

// converted returns t with its price, fee and amount in the base currency.
func (lb *ledgerBuilder) converted(t model.Transaction, cur string) (model.Transaction, error) {
	if cur == "" || cur == lb.cv.base {
		return t, nil
	}
	var err error
	for _, f := range []*float64{&t.Price, &t.Fee, &t.Amount} {
		if *f != 0 {
			if *f, err = lb.cv.to(*f, t.Date, cur); err != nil {
				return t, err
			}
		}
	}
	t.Currency = lb.cv.base
	return t, nil
}

// incomeTicker is where income or a cost is attributed: its security when
// priced, otherwise the cash of its currency.
func (lb *ledgerBuilder) incomeTicker(t model.Transaction, cur string) string {
	if t.Ticker != "" && lb.b.Meta[t.Ticker] != (analytics.Meta{}) {
		return t.Ticker
	}
	lb.cash[cur] = true
	return CashPrefix + cur
}

// cashLeg books delta units of cur on its cash series, at the day's rate.
func (lb *ledgerBuilder) cashLeg(day time.Time, cur string, delta float64, internal bool) error {
	if delta == 0 {
		return nil
	}
	rate, err := lb.cv.to(1, day, cur)
	if err != nil {
		return err
	}
	lb.cash[cur] = true
	lb.b.Trades = append(lb.b.Trades, analytics.Trade{Date: day, Ticker: CashPrefix + cur, Quantity: delta, Price: rate, Internal: internal})
	return nil
}

// cashSeries adds a series per cash currency on the calendar of the
// securities (weekdays from the first entry when there are none), priced
// at each day's rate in the base currency (1 for the base currency).
func (lb *ledgerBuilder) cashSeries(s Source) error {
	days := lb.calendar(s)
	for _, cur := range sortedKeys(lb.cash) {
		ps := analytics.PriceSeries{Ticker: CashPrefix + cur, Dates: days, Close: make([]float64, len(days))}
		for i, d := range days {
			v, err := lb.cv.to(1, d, cur)
			if err != nil {
				return err
			}
			ps.Close[i] = v
		}
		lb.b.Series = append(lb.b.Series, ps)
		lb.b.Meta[ps.Ticker] = analytics.Meta{Sector: CashSector, Country: CashSector}
		lb.b.Tickers = append(lb.b.Tickers, ps.Ticker)
		lb.b.Local[ps.Ticker] = analytics.PriceSeries{Ticker: ps.Ticker, Dates: days, Close: ones(len(days))}
		lb.b.Currency[ps.Ticker] = cur
	}
	return nil
}

// calendar is the union of the securities' dates, or weekdays from the
// first entry to the end of the market data when there are none.
func (lb *ledgerBuilder) calendar(s Source) []time.Time {
	seen := map[time.Time]bool{}
	var days []time.Time
	for _, ps := range lb.b.Series {
		for _, d := range ps.Dates {
			if !seen[d] {
				seen[d] = true
				days = append(days, d)
			}
		}
	}
	if len(days) > 0 {
		slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
		return days
	}
	if len(lb.b.Txs) == 0 {
		return nil
	}
	_, last, err := s.DataRange()
	if err != nil {
		last = lb.b.Txs[len(lb.b.Txs)-1].Date
	}
	for d := lb.b.Txs[0].Date; !d.After(last); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	return days
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// convertSeries converts each series to the base currency at each day's
// rate. When anything needs converting, every series is cut to the days
// the exchange rates of the currencies involved cover (from the latest of
// their first dates to the earliest of their last dates plus the
// carry-forward limit): the portfolio is valued there, and later entries
// are pending.
func (b *Book) convertSeries(cv converter, txs []model.Transaction) error {
	var foreign []string
	for _, t := range txs {
		if cur, _ := portfolio.Settlement(t); cur != "" && cur != cv.base {
			foreign = append(foreign, cur)
		}
	}
	for _, cur := range b.Currency {
		if cur != cv.base {
			foreign = append(foreign, cur)
		}
	}
	if len(foreign) == 0 {
		return nil
	}
	start, limit := ratesSpan(cv.rates, cv.base, foreign)
	for i, ps := range b.Series {
		lo, n := 0, len(ps.Dates)
		for n > 0 && ps.Dates[n-1].After(limit) {
			n--
		}
		for lo < n && ps.Dates[lo].Before(start) {
			lo++
		}
		out := analytics.PriceSeries{Ticker: ps.Ticker, Dates: ps.Dates[lo:n], Close: slices.Clone(ps.Close[lo:n])}
		if cur := b.Currency[ps.Ticker]; cur != cv.base {
			for j, c := range out.Close {
				v, err := cv.to(c, out.Dates[j], cur)
				if err != nil {
					return err
				}
				out.Close[j] = v
			}
		}
		b.Series[i] = out
	}
	b.Series = slices.DeleteFunc(b.Series, func(ps analytics.PriceSeries) bool {
		if len(ps.Dates) > 0 {
			return false
		}
		b.Missing = append(b.Missing, ps.Ticker) // priced only after the rates end
		b.Tickers = slices.DeleteFunc(b.Tickers, func(tk string) bool { return tk == ps.Ticker })
		return true
	})
	return nil
}
