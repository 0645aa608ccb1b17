package analytics

import (
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TaxLossHarvest lists the lots with unrealised losses at in.AsOf, their
// holding term, the estimated tax saved (loss x rate) and wash-sale risks
// under the country's rules.
func TaxLossHarvest(in HarvestInput) (wire.HarvestReport, error) {
	rule, err := taxRuleFor(in.Country)
	if err != nil {
		return wire.HarvestReport{}, err
	}
	if !finite(in.Rate) || in.Rate < 0 || in.Rate > 1 || in.AsOf.IsZero() {
		return wire.HarvestReport{}, fail(ErrInvalidInput, "rate must be within 0..1 and a sale date set")
	}
	rep := wire.HarvestReport{Country: rule.notes(), AsOf: in.AsOf.UTC().Format(time.DateOnly), Rate: in.Rate,
		Candidates: []wire.HarvestCandidate{}, Disclaimer: harvestDisclaimer}
	missing := map[string]bool{}
	for _, lot := range in.Lots {
		if err := lot.validate(in.AsOf); err != nil {
			return wire.HarvestReport{}, err
		}
		price, ok := in.Prices[lot.Ticker]
		if !ok || !finite(price) || price <= 0 {
			missing[lot.Ticker] = true
			continue
		}
		if price >= lot.CostPerShare {
			continue
		}
		c := candidate(rule, lot, price, in)
		addCandidate(&rep, c)
	}
	rep.MissingPrices = sortedKeys(missing)
	sortCandidates(rep.Candidates)
	return rep, nil
}

// addCandidate appends a candidate to rep and updates the totals.
func addCandidate(rep *wire.HarvestReport, c wire.HarvestCandidate) {
	rep.Candidates = append(rep.Candidates, c)
	rep.TotalLoss += c.Loss
	rep.TaxSaved += c.TaxSaved
	switch c.Term {
	case "short":
		rep.ShortTermLoss += c.Loss
	case "long":
		rep.LongTermLoss += c.Loss
	}
}

// candidate evaluates one losing lot.
func candidate(rule taxRule, lot Lot, price float64, in HarvestInput) wire.HarvestCandidate {
	loss := (lot.CostPerShare - price) * lot.Quantity
	c := wire.HarvestCandidate{Ticker: lot.Ticker, Quantity: lot.Quantity, CostPerShare: lot.CostPerShare, Price: price,
		Acquired: lot.Acquired.UTC().Format(time.DateOnly), HoldingDays: int(dayNum(in.AsOf) - dayNum(lot.Acquired)),
		Term: term(rule, lot.Acquired, in.AsOf), Loss: loss, TaxSaved: loss * in.Rate}
	c.RecentBuys = recentBuys(rule, lot, in)
	c.OtherBuys = otherBuys(rule, lot, in)
	c.WashRisk = len(c.RecentBuys) > 0 || len(c.OtherBuys) > 0
	c.Warning = washWarning(rule, c)
	return c
}

// term classifies the holding period: "long" when held strictly longer
// than the country's long-term threshold (US: more than one year, i.e. the
// sale date is after the acquisition anniversary), "short" otherwise and
// "none" where the holding period does not matter.
func term(rule taxRule, acquired, asOf time.Time) string {
	if rule.LongTermAfterYears <= 0 {
		return "none"
	}
	anniversary := dayNum(acquired.UTC().AddDate(rule.LongTermAfterYears, 0, 0))
	if dayNum(asOf) > anniversary {
		return "long"
	}
	return "short"
}

// recentBuys returns the dates of buys of the lot's ticker within the
// country's wash window before the sale date (inclusive), other than buys
// on the lot's own acquisition day.
func recentBuys(rule taxRule, lot Lot, in HarvestInput) []string {
	if rule.WashDaysBefore <= 0 {
		return nil
	}
	sale, own := dayNum(in.AsOf), dayNum(lot.Acquired)
	var out []string
	for _, t := range in.Trades {
		d := dayNum(t.Date)
		if t.Ticker == lot.Ticker && t.Quantity > 0 && d != own && d <= sale && sale-d <= int64(rule.WashDaysBefore) {
			out = append(out, t.Date.UTC().Format(time.DateOnly))
		}
	}
	return out
}

// otherBuys returns the buys of the lot's ticker in the user's other
// portfolios within the country's wash window before the sale date
// (inclusive): a wash sale does not care which account bought.
func otherBuys(rule taxRule, lot Lot, in HarvestInput) []wire.WashBuy {
	if rule.WashDaysBefore <= 0 {
		return nil
	}
	sale := dayNum(in.AsOf)
	var out []wire.WashBuy
	for _, t := range in.Elsewhere {
		d := dayNum(t.Date)
		if t.Ticker == lot.Ticker && t.Quantity > 0 && d <= sale && sale-d <= int64(rule.WashDaysBefore) {
			out = append(out, wire.WashBuy{PortfolioID: t.PortfolioID, Portfolio: t.Portfolio, Date: t.Date.UTC().Format(time.DateOnly), Quantity: t.Quantity})
		}
	}
	return out
}

// washWarning explains the wash-sale consequences for a candidate.
func washWarning(rule taxRule, c wire.HarvestCandidate) string {
	msg := ""
	if len(c.RecentBuys) > 0 {
		msg = fmt.Sprintf("%s was bought within %d days before this sale: the loss may be disallowed. ", c.Ticker, rule.WashDaysBefore)
	}
	for _, b := range c.OtherBuys {
		msg += fmt.Sprintf("%s was bought on %s in your portfolio %q: a wash sale spans all your accounts. ", c.Ticker, b.Date, b.Portfolio)
	}
	if rule.WashDaysAfter > 0 {
		msg += fmt.Sprintf("Buying %s back within %d days after selling disallows or defers the loss.", c.Ticker, rule.WashDaysAfter)
	}
	return msg
}
