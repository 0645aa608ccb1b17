package wire

// WashBuy is a purchase of the same ticker inside the wash window of a
// losing sale, in any of the user's portfolios.
type WashBuy struct {
	PortfolioID string  `json:"portfolio_id"`
	Portfolio   string  `json:"portfolio"`
	Date        string  `json:"date"`
	Quantity    float64 `json:"quantity"`
}

// RealisedLot is the part of one sale matched to one purchase lot. Amounts
// are in the portfolio's base currency: Proceeds (quantity x sale price)
// and Fees (the sale fee's share) at the sale date's rate, Cost (quantity x
// the lot's cost per share, buy fee included) at the purchase date's rate;
// Gain = Proceeds - Fees - Cost. LotID is the id of the buy transaction
// that opened the lot, SaleID the sell transaction's. Term is "short",
// "long" or "none". WashSale marks a loss with a purchase of the ticker
// inside the wash window (WashBuys; the loss is shown undisallowed).
type RealisedLot struct {
	Ticker      string    `json:"ticker"`
	LotID       string    `json:"lot_id"`
	SaleID      string    `json:"sale_id"`
	Acquired    string    `json:"acquired"`
	Disposed    string    `json:"disposed"`
	HoldingDays int       `json:"holding_days"`
	Term        string    `json:"term"`
	Quantity    float64   `json:"quantity"`
	Proceeds    float64   `json:"proceeds"`
	Cost        float64   `json:"cost"`
	Fees        float64   `json:"fees"`
	Gain        float64   `json:"gain"`
	Specific    bool      `json:"specific"`
	WashSale    bool      `json:"wash_sale"`
	WashBuys    []WashBuy `json:"wash_buys,omitempty"`
}

// GainTotals sums a realised-gains report. ShortTerm, LongTerm and
// NoTerm split Gain by term; Losses sums the negative gains (as a negative
// number) and WashLoss the losses marked as wash sales.
type GainTotals struct {
	Proceeds  float64 `json:"proceeds"`
	Cost      float64 `json:"cost"`
	Fees      float64 `json:"fees"`
	Gain      float64 `json:"gain"`
	ShortTerm float64 `json:"short_term"`
	LongTerm  float64 `json:"long_term"`
	NoTerm    float64 `json:"no_term"`
	Losses    float64 `json:"losses"`
	WashLoss  float64 `json:"wash_loss"`
}

// RealisedGains answers GET /api/portfolios/{id}/realised-gains: every
// lot a sale of the tax year (calendar year) closed under Method, with
// sales that name their lots honoured. Years lists the years with sales.
type RealisedGains struct {
	PortfolioID string        `json:"portfolio_id"`
	Currency    string        `json:"currency"`
	Year        int           `json:"year"`
	Method      string        `json:"method"`
	Country     CountryNotes  `json:"country"`
	Lots        []RealisedLot `json:"lots"`
	Totals      GainTotals    `json:"totals"`
	Years       []int         `json:"years"`
	Disclaimer  string        `json:"disclaimer"`
	// Pending counts the entries dated after the last price date, which no
	// report counts until prices reach their date.
	Pending int `json:"pending,omitempty"`
}

// OpenLot is an open purchase lot a sale can name: LotID is the id of the
// buy that opened it; Quantity the shares it still holds (fifo, with the
// lots earlier sales named taken from their lots) at CostPerShare in the
// instrument's currency, buy fee included.
type OpenLot struct {
	LotID        string  `json:"lot_id"`
	Ticker       string  `json:"ticker"`
	Acquired     string  `json:"acquired"`
	Quantity     float64 `json:"quantity"`
	CostPerShare float64 `json:"cost_per_share"`
	Currency     string  `json:"currency"`
}
