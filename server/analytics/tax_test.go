package analytics

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestTaxLossHarvestUS(t *testing.T) {
	t.Parallel()
	in := HarvestInput{
		Country: "us", Rate: 0.25, AsOf: date(2024, 6, 15),
		Prices: map[string]float64{"AAA": 80, "BBB": 50, "CCC": 10},
		Lots: []Lot{
			{Ticker: "AAA", Quantity: 10, CostPerShare: 100, Acquired: date(2023, 6, 15)}, // exactly one year: short
			{Ticker: "AAA", Quantity: 5, CostPerShare: 90, Acquired: date(2023, 6, 14)},   // more than a year: long
			{Ticker: "BBB", Quantity: 4, CostPerShare: 40, Acquired: date(2024, 1, 2)},    // gain: skipped
			{Ticker: "CCC", Quantity: 100, CostPerShare: 12, Acquired: date(2024, 6, 1)},
			{Ticker: "DDD", Quantity: 1, CostPerShare: 5, Acquired: date(2024, 1, 1)},
		},
		Trades: []Trade{
			{Date: date(2024, 6, 1), Ticker: "CCC", Quantity: 100, Price: 12}, // the lot itself
			{Date: date(2024, 5, 20), Ticker: "CCC", Quantity: 10, Price: 11}, // 26 days before: wash risk
			{Date: date(2024, 5, 10), Ticker: "AAA", Quantity: 1, Price: 85},  // 36 days before: outside
			{Date: date(2024, 6, 10), Ticker: "AAA", Quantity: -1, Price: 81}, // a sale, not a buy
		},
	}
	rep, err := TaxLossHarvest(in)
	if err != nil {
		t.Fatal(err)
	}
	// Losses: AAA 10x20 = 200 (short), CCC 100x2 = 200 (short), AAA 5x10 = 50 (long).
	near(t, "total", rep.TotalLoss, 450, 1e-12)
	near(t, "short", rep.ShortTermLoss, 400, 1e-12)
	near(t, "long", rep.LongTermLoss, 50, 1e-12)
	near(t, "saved", rep.TaxSaved, 112.5, 1e-12)
	if len(rep.Candidates) != 3 || len(rep.MissingPrices) != 1 || rep.MissingPrices[0] != "DDD" {
		t.Fatalf("candidates=%+v missing=%v", rep.Candidates, rep.MissingPrices)
	}
	for _, c := range rep.Candidates {
		wantRisk := c.Ticker == "CCC"
		if c.WashRisk != wantRisk || (wantRisk && (len(c.RecentBuys) != 1 || c.RecentBuys[0] != "2024-05-20")) {
			t.Errorf("%s wash=%v buys=%v", c.Ticker, c.WashRisk, c.RecentBuys)
		}
		if !strings.Contains(c.Warning, "within 30 days after") {
			t.Errorf("%s warning %q", c.Ticker, c.Warning)
		}
	}
	if rep.Candidates[2].Term != "long" || rep.Candidates[2].HoldingDays != 367 {
		t.Errorf("long lot = %+v", rep.Candidates[2])
	}
}

func TestTaxLossHarvestCountries(t *testing.T) {
	t.Parallel()
	lot := []Lot{{Ticker: "A", Quantity: 1, CostPerShare: 10, Acquired: date(2020, 1, 1)}}
	trades := []Trade{{Date: date(2024, 5, 30), Ticker: "A", Quantity: 1, Price: 9}}
	tests := []struct {
		country string
		term    string
		wash    bool
		after   bool
		text    string
	}{
		{"US", "long", true, true, "Wash-sale"},
		{"UK", "none", false, true, "bed and breakfasting"},
		{"DE", "none", false, false, "Abgeltungsteuer"},
		{"CA", "none", true, true, "Superficial loss"},
		{"FR", "none", false, false, "PFU"},
	}
	for _, tc := range tests {
		t.Run(tc.country, func(t *testing.T) {
			rep, err := TaxLossHarvest(HarvestInput{Country: tc.country, Rate: 0.3, AsOf: date(2024, 6, 1),
				Prices: map[string]float64{"A": 7}, Lots: lot, Trades: trades})
			if err != nil {
				t.Fatal(err)
			}
			c := rep.Candidates[0]
			if c.Term != tc.term || c.WashRisk != tc.wash || strings.Contains(c.Warning, "after selling") != tc.after {
				t.Fatalf("candidate = %+v", c)
			}
			all := rep.Country.Summary + rep.Country.WashSale + rep.Country.LossOffset + rep.Country.HoldingPeriod
			if !strings.Contains(strings.ToLower(all), strings.ToLower(tc.text)) {
				t.Errorf("notes lack %q", tc.text)
			}
			near(t, "saved", rep.TaxSaved, 0.9, 1e-12)
		})
	}
}

func TestTaxLossHarvestErrors(t *testing.T) {
	t.Parallel()
	ok := HarvestInput{Country: "US", Rate: 0.2, AsOf: date(2024, 1, 1)}
	tests := []struct {
		name string
		mod  func(*HarvestInput)
	}{
		{"unknown country", func(in *HarvestInput) { in.Country = "XX" }},
		{"rate above 1", func(in *HarvestInput) { in.Rate = 1.5 }},
		{"negative rate", func(in *HarvestInput) { in.Rate = -0.1 }},
		{"no date", func(in *HarvestInput) { in.AsOf = time.Time{} }},
		{"future lot", func(in *HarvestInput) {
			in.Lots = []Lot{{Ticker: "A", Quantity: 1, CostPerShare: 1, Acquired: date(2025, 1, 1)}}
		}},
		{"negative quantity", func(in *HarvestInput) {
			in.Lots = []Lot{{Ticker: "A", Quantity: -1, CostPerShare: 1, Acquired: date(2020, 1, 1)}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.mod(&in)
			_, err := TaxLossHarvest(in)
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	_, err := TaxLossHarvest(HarvestInput{Country: "XX", AsOf: date(2024, 1, 1)})
	if err == nil || !strings.Contains(err.Error(), "US, UK, DE, CA, FR") {
		t.Fatalf("unknown country error must list supported ones: %v", err)
	}
	countries, err := TaxCountries()
	if err != nil || len(countries) != 5 {
		t.Fatalf("countries = %d, %v", len(countries), err)
	}
}
