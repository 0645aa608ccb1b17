package alerts

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/taxlots"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Windows of the portfolio conditions.
const (
	// varWindowDays is the trailing calendar window of the VaR rule.
	varWindowDays = 365
	// washNoticeDays is how long after a wash-sale window ends the rule
	// still reports it (so a weekly cron does not miss it).
	washNoticeDays = 7
)

// check is the outcome of one condition: whether it holds, the fact it
// is about (Key), the value seen and the message text.
type check struct {
	Holds bool
	Key   string
	Value *float64
	Text  string
	Link  string
}

// ErrNoData means the market data has nothing for the rule at that date
// (a ticker without prices, a portfolio without holdings).
var ErrNoData = errors.New("alerts: no data for the rule")

// run is one evaluation: the date and what it loaded, shared by rules.
type run struct {
	asOf   time.Time
	books  map[string]*portfolioanalytics.Book
	surges map[string]*wire.Surge // per ticker: nil when no surge
}

func newRun(asOf time.Time) *run {
	return &run{asOf: asOf, books: map[string]*portfolioanalytics.Book{}, surges: map[string]*wire.Surge{}}
}

// evalRule evaluates one rule of userID at r.asOf.
func (s *Service) evalRule(ctx context.Context, r *run, userID string, rule model.AlertRule) (check, error) {
	switch rule.Kind {
	case wire.AlertPriceAbove, wire.AlertPriceBelow:
		return s.checkPrice(ctx, r, rule)
	case wire.AlertDailyMove:
		return s.checkMove(ctx, r, rule)
	case wire.AlertDrawdown, wire.AlertVaR, wire.AlertWeight:
		return s.checkRisk(ctx, r, userID, rule)
	case wire.AlertWashSale:
		return s.checkWash(ctx, r, userID, rule)
	case wire.AlertSurge:
		return s.checkSurge(ctx, r, userID, rule)
	case wire.AlertForecast:
		return s.checkForecast(ctx, rule)
	}
	return check{}, fmt.Errorf("alerts: unknown rule kind %q", rule.Kind)
}

// lastBars returns the ticker's last n bars on or before asOf.
func (s *Service) lastBars(ctx context.Context, ticker string, asOf time.Time, n int) ([]market.Bar, error) {
	bars, err := s.cfg.Market.History(ctx, ticker, asOf.AddDate(0, 0, -10-2*n), asOf)
	if err != nil {
		return nil, fmt.Errorf("alerts: prices of %s: %w", ticker, err)
	}
	if len(bars) < n {
		return nil, fmt.Errorf("%w: %s has no price up to %s", ErrNoData, ticker, day(asOf))
	}
	return bars[len(bars)-n:], nil
}

func (s *Service) checkPrice(ctx context.Context, r *run, rule model.AlertRule) (check, error) {
	bars, err := s.lastBars(ctx, rule.Ticker, r.asOf, 1)
	if err != nil {
		return check{}, err
	}
	b := bars[0]
	c := check{Value: ptr(b.Close), Link: "/alerts"}
	word := "at or above"
	c.Holds = b.Close >= rule.Threshold
	if rule.Kind == wire.AlertPriceBelow {
		word, c.Holds = "at or below", b.Close <= rule.Threshold
	}
	c.Text = fmt.Sprintf("%s closed at %.2f on %s, %s your threshold of %.2f.", rule.Ticker, b.Close, day(b.Date), word, rule.Threshold)
	return c, nil
}

func (s *Service) checkMove(ctx context.Context, r *run, rule model.AlertRule) (check, error) {
	bars, err := s.lastBars(ctx, rule.Ticker, r.asOf, 2)
	if err != nil {
		return check{}, err
	}
	if bars[0].Close <= 0 {
		return check{}, fmt.Errorf("%w: %s has no usable previous close", ErrNoData, rule.Ticker)
	}
	ret := (bars[1].Close/bars[0].Close - 1) * 100
	return check{Holds: math.Abs(ret) >= rule.Threshold, Value: ptr(ret), Link: "/alerts",
		Text: fmt.Sprintf("%s moved %+.2f%% on %s (close %.2f), beyond your threshold of ±%.2f%%.",
			rule.Ticker, ret, day(bars[1].Date), bars[1].Close, rule.Threshold)}, nil
}

// book loads (once per run) the portfolio of a rule; another user's or a
// deleted portfolio is model.ErrNotFound.
func (s *Service) book(ctx context.Context, r *run, userID, portfolioID string) (*portfolioanalytics.Book, error) {
	key := userID + "/" + portfolioID
	if b, ok := r.books[key]; ok {
		return b, nil
	}
	p, err := s.cfg.Store.GetPortfolio(ctx, userID, portfolioID)
	if err != nil {
		return nil, err
	}
	txs, err := s.cfg.Store.ListTransactions(ctx, userID, portfolioID)
	if err != nil {
		return nil, err
	}
	b, err := s.src.LoadIn(ctx, p.Currency, txs)
	if err != nil {
		return nil, err
	}
	r.books[key] = b
	return b, nil
}

// checkRisk evaluates drawdown, VaR and weight with the analytics engine
// (the same numbers the analytics page shows).
func (s *Service) checkRisk(ctx context.Context, r *run, userID string, rule model.AlertRule) (check, error) {
	b, err := s.book(ctx, r, userID, rule.PortfolioID)
	if err != nil {
		return check{}, err
	}
	from := time.Time{}
	if rule.Kind == wire.AlertVaR {
		from = r.asOf.AddDate(0, 0, -varWindowDays)
	}
	rep, err := b.Report(from, r.asOf, nil, 0)
	if errors.Is(err, analytics.ErrNoHoldings) {
		return check{Link: portfolioLink(rule.PortfolioID)}, nil
	}
	if err != nil {
		return check{}, fmt.Errorf("alerts: analytics: %w", err)
	}
	c := check{Link: portfolioLink(rule.PortfolioID)}
	switch rule.Kind {
	case wire.AlertDrawdown:
		if len(rep.Series) == 0 {
			return c, nil
		}
		dd := -rep.Series[len(rep.Series)-1].Drawdown * 100
		c.Value, c.Holds = ptr(dd), dd >= rule.Threshold
		c.Text = fmt.Sprintf("The portfolio is %.2f%% below its peak on %s, beyond your drawdown threshold of %.2f%%.", dd, rep.To, rule.Threshold)
	case wire.AlertVaR:
		if rep.Metrics.VaR95 == nil {
			return c, nil
		}
		v := *rep.Metrics.VaR95 * 100
		c.Value, c.Holds = ptr(v), v >= rule.Threshold
		c.Text = fmt.Sprintf("The portfolio's 1-day 95%% value at risk is %.2f%% of its value (%.0f) on %s, above your threshold of %.2f%%.",
			v, v/100*rep.EndValue, rep.To, rule.Threshold)
	case wire.AlertWeight:
		top := topWeight(rep.Holdings)
		if top == nil {
			return c, nil
		}
		w := top.Weight * 100
		c.Value, c.Holds, c.Key = ptr(w), w > rule.Threshold, top.Ticker
		c.Text = fmt.Sprintf("%s is %.2f%% of the portfolio on %s, above your weight threshold of %.2f%%.", top.Ticker, w, rep.To, rule.Threshold)
	}
	return c, nil
}

func topWeight(hs []wire.Holding) *wire.Holding {
	var top *wire.Holding
	for i := range hs {
		if top == nil || math.Abs(hs[i].Weight) > math.Abs(top.Weight) {
			top = &hs[i]
		}
	}
	return top
}

// checkWash reports sales at a loss whose wash-sale window (the
// country's days after the sale) ended within washNoticeDays of asOf.
func (s *Service) checkWash(ctx context.Context, r *run, userID string, rule model.AlertRule) (check, error) {
	days, err := analytics.WashDaysAfter(rule.Country)
	if err != nil {
		return check{}, fmt.Errorf("alerts: %w", err)
	}
	b, err := s.book(ctx, r, userID, rule.PortfolioID)
	if err != nil {
		return check{}, err
	}
	c := check{Link: portfolioLink(rule.PortfolioID) + "/analytics"}
	var keys, facts []string
	sales, err := LossSales(b.Txs)
	if err != nil {
		return check{}, err
	}
	for _, l := range sales {
		end := l.Date.AddDate(0, 0, days)
		if end.After(r.asOf) || r.asOf.Sub(end) >= washNoticeDays*24*time.Hour {
			continue
		}
		keys = append(keys, l.ID)
		facts = append(facts, fmt.Sprintf("%s sold on %s at a loss of %.2f: the %d-day window ended on %s",
			l.Ticker, day(l.Date), l.Loss, days, day(end)))
	}
	if len(keys) == 0 {
		return c, nil
	}
	c.Holds, c.Key, c.Value = true, strings.Join(keys, ","), ptr(float64(len(keys)))
	c.Text = "Wash-sale window ended (" + rule.Country + "): " + strings.Join(facts, "; ") + ". Buying back no longer disallows the loss."
	return c, nil
}

// LossSale is a sale of long shares below their cost.
type LossSale struct {
	ID, Ticker string
	Date       time.Time
	Loss       float64
}

// LossSales lists the sales at a loss of a history (ledger order), matched
// to their lots as the realised-gains report does (FIFO, or the lots a
// sale names; the sale fee counts against the proceeds).
func LossSales(txs []model.Transaction) ([]LossSale, error) {
	res, err := portfolioanalytics.MatchLots(txs, taxlots.FIFO)
	if err != nil {
		return nil, fmt.Errorf("alerts: match lots: %w", err)
	}
	var out []LossSale
	idx := map[string]int{}
	for _, m := range res.Matches {
		i, ok := idx[m.SaleID]
		if !ok {
			i = len(out)
			idx[m.SaleID] = i
			out = append(out, LossSale{ID: m.SaleID, Ticker: m.Ticker, Date: m.Disposed})
		}
		out[i].Loss -= m.Gain
	}
	return slices.DeleteFunc(out, func(l LossSale) bool { return l.Loss <= 1e-9 }), nil
}

// checkSurge reports the rule's tickers (one ticker, a portfolio's
// holdings or the watchlist) in the surge report of asOf.
func (s *Service) checkSurge(ctx context.Context, r *run, userID string, rule model.AlertRule) (check, error) {
	tickers, link, err := s.surgeTargets(ctx, r, userID, rule)
	if err != nil {
		return check{}, err
	}
	c := check{Link: link}
	var hit, facts []string
	best := 0.0
	for _, tk := range tickers {
		sg, err := s.surgeCached(ctx, r, tk)
		if err != nil {
			return check{}, err
		}
		if sg == nil {
			continue
		}
		hit = append(hit, sg.Ticker)
		facts = append(facts, fmt.Sprintf("%s %+.2f%% (return z %.1f%s)", sg.Ticker, sg.Return*100, sg.ReturnZ, volumeNote(*sg)))
		best = math.Max(best, math.Abs(sg.ReturnZ))
	}
	if len(hit) == 0 {
		return c, nil
	}
	c.Holds, c.Key, c.Value = true, strings.Join(hit, ","), ptr(best)
	c.Text = "Surge on " + day(r.asOf) + ": " + strings.Join(facts, "; ") + "."
	return c, nil
}

func volumeNote(sg wire.Surge) string {
	if sg.VolumeZ == nil {
		return ""
	}
	return fmt.Sprintf(", volume z %.1f", *sg.VolumeZ)
}

// surgeTargets returns the tickers a surge rule watches.
func (s *Service) surgeTargets(ctx context.Context, r *run, userID string, rule model.AlertRule) ([]string, string, error) {
	switch {
	case rule.Ticker != "":
		return []string{rule.Ticker}, "/alerts", nil
	case rule.PortfolioID != "":
		b, err := s.book(ctx, r, userID, rule.PortfolioID)
		if err != nil {
			return nil, "", err
		}
		var out []string
		for tk, q := range b.Positions(r.asOf) {
			if q != 0 {
				out = append(out, tk)
			}
		}
		slices.Sort(out)
		return out, portfolioLink(rule.PortfolioID), nil
	}
	w, err := s.cfg.Store.Watchlist(ctx, userID)
	return w, "/alerts", err
}

func portfolioLink(id string) string { return "/portfolios/" + id }

func ptr(x float64) *float64 { return &x }

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
