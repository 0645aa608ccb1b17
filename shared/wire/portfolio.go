package wire

import "time"

// Portfolio is the public view of a portfolio.
type Portfolio struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Note         string    `json:"note"`
	Currency     string    `json:"currency"`
	Transactions int       `json:"transactions"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// PortfolioInput is the body of POST /api/portfolios and PUT /api/portfolios/{id}.
// Currency is the base currency (POST: USD when empty; PUT: unchanged when
// empty).
type PortfolioInput struct {
	Name     string `json:"name"`
	Note     string `json:"note"`
	Currency string `json:"currency,omitempty"`
}

// Transaction is one ledger entry. Date is YYYY-MM-DD; Quantity, Price and
// Fee are positive, Kind gives the direction.
type Transaction struct {
	ID          string    `json:"id"`
	PortfolioID string    `json:"portfolio_id"`
	Date        string    `json:"date"`
	Kind        string    `json:"kind"`
	Ticker      string    `json:"ticker"`
	Quantity    float64   `json:"quantity"`
	Price       float64   `json:"price"`
	Fee         float64   `json:"fee"`
	Note        string    `json:"note"`
	Amount      float64   `json:"amount,omitempty"`   // cash entries
	Currency    string    `json:"currency,omitempty"` // cash entries; trades: the instrument's
	Basis       string    `json:"basis,omitempty"`    // trades: as_traded or adjusted
	Ratio       float64   `json:"ratio,omitempty"`    // splits
	Lots        []LotPick `json:"lots,omitempty"`     // sells naming their lots
	CreatedAt   time.Time `json:"created_at"`
}

// LotPick names a purchase lot a sell closes: Lot is the id of the buy
// transaction that opened it, Quantity the shares taken from it.
type LotPick struct {
	Lot      string  `json:"lot"`
	Quantity float64 `json:"quantity"`
}

// TransactionInput is the body of POST .../transactions and PUT .../transactions/{tid}.
type TransactionInput struct {
	Date     string  `json:"date"`
	Kind     string  `json:"kind"`
	Ticker   string  `json:"ticker"`
	Quantity float64 `json:"quantity"`
	Price    float64 `json:"price"`
	Fee      float64 `json:"fee"`
	Note     string  `json:"note"`
	// Amount and Currency: deposit, withdrawal, interest, tax (and a fee
	// given as an amount). Basis: as_traded or adjusted (the default when
	// absent). Ratio: a split's share multiplier.
	Amount   float64 `json:"amount,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Basis    string  `json:"basis,omitempty"`
	Ratio    float64 `json:"ratio,omitempty"`
	// Lots: a sell's specific lots (optional; their quantities add up to
	// the sale's).
	Lots []LotPick `json:"lots,omitempty"`
}

// FieldError is the error body of a transaction that failed validation:
// the usual error and code plus one message per field.
type FieldError struct {
	Error  string            `json:"error"`
	Code   string            `json:"code"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Position is one open (or closed, with realised P&L) position of a portfolio.
type Position struct {
	Ticker       string  `json:"ticker"`
	Name         string  `json:"name"`
	Sector       string  `json:"sector"`
	Quantity     float64 `json:"quantity"` // negative for a short
	AvgCost      float64 `json:"avg_cost"` // per share, fees included
	CostBasis    float64 `json:"cost_basis"`
	LastClose    float64 `json:"last_close"`
	LastDate     string  `json:"last_date"`
	MarketValue  float64 `json:"market_value"` // negative for a short
	UnrealisedPL float64 `json:"unrealised_pl"`
	RealisedPL   float64 `json:"realised_pl"`
	Dividends    float64 `json:"dividends"`
	Fees         float64 `json:"fees"`   // fee transactions
	Weight       float64 `json:"weight"` // market value / gross exposure
	// Currency is the instrument's currency when it is not the base
	// currency, with the last close and market value in it; every other
	// amount is in the base currency.
	Currency         string  `json:"currency,omitempty"`
	LastCloseLocal   float64 `json:"last_close_local,omitempty"`
	MarketValueLocal float64 `json:"market_value_local,omitempty"`
}

// CashBalance is the cash of one currency, and its value in the base
// currency at the as-of date.
type CashBalance struct {
	Currency string  `json:"currency"`
	Amount   float64 `json:"amount"`
	Value    float64 `json:"value"`
}

// Holdings answers GET /api/portfolios/{id}/holdings.
type Holdings struct {
	PortfolioID   string     `json:"portfolio_id"`
	AsOf          string     `json:"as_of"`
	Positions     []Position `json:"positions"` // open positions
	Closed        []Position `json:"closed"`    // fully closed positions
	LongValue     float64    `json:"long_value"`
	ShortValue    float64    `json:"short_value"` // negative
	GrossExposure float64    `json:"gross_exposure"`
	NetExposure   float64    `json:"net_exposure"`
	CostBasis     float64    `json:"cost_basis"`
	RealisedPL    float64    `json:"realised_pl"`
	UnrealisedPL  float64    `json:"unrealised_pl"`
	Dividends     float64    `json:"dividends"`
	Fees          float64    `json:"fees"`
	TotalPL       float64    `json:"total_pl"`
	// Currency is the base currency of every amount above (USD before
	// portfolios had one).
	Currency string `json:"currency,omitempty"`
	// HoldsCash is true once the portfolio has a deposit: Cash then lists
	// the balance of each currency, CashValue their sum in the base
	// currency and TotalValue the net exposure plus the cash.
	HoldsCash  bool          `json:"holds_cash,omitempty"`
	Cash       []CashBalance `json:"cash,omitempty"`
	CashValue  float64       `json:"cash_value,omitempty"`
	TotalValue float64       `json:"total_value,omitempty"`
	// Interest and Taxes are the interest received and the taxes and
	// account fees paid (in TotalPL).
	Interest float64 `json:"interest,omitempty"`
	Taxes    float64 `json:"taxes,omitempty"`
	// Pending counts the entries dated after the last price date, which no
	// figure counts yet.
	Pending int `json:"pending,omitempty"`
}

// ImportLineError is one bad line of a CSV import (line 1 is the header).
type ImportLineError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportResult answers POST /api/portfolios/{id}/import. With dry_run it
// previews Rows and Errors and writes nothing; otherwise Imported is the
// number of transactions written (all or nothing).
type ImportResult struct {
	Error    string             `json:"error,omitempty"`
	Code     string             `json:"code,omitempty"`
	DryRun   bool               `json:"dry_run"`
	Rows     []TransactionInput `json:"rows"`
	Errors   []ImportLineError  `json:"errors"`
	Imported int                `json:"imported"`
}

// PortfolioExport is one portfolio with its transactions in an export.
type PortfolioExport struct {
	Portfolio    Portfolio     `json:"portfolio"`
	Transactions []Transaction `json:"transactions"`
}

// ExportData answers GET /api/export.json: everything the user owns.
type ExportData struct {
	Format     string    `json:"format"`
	ExportedAt time.Time `json:"exported_at"`
	User       User      `json:"user"`
	// AlertRules and Watchlist are the user's alert rules and watched
	// tickers (omitted when empty). Portfolios stays the last field: the
	// export is streamed one portfolio at a time.
	AlertRules []AlertRule `json:"alert_rules,omitempty"`
	Watchlist  []string    `json:"watchlist,omitempty"`
	// Assets are the user's own assets with their prices (omitted when
	// none).
	Assets     []AssetExport     `json:"assets,omitempty"`
	Portfolios []PortfolioExport `json:"portfolios"`
}

// AssetExport is one custom asset with its prices in an export.
type AssetExport struct {
	Asset  Asset        `json:"asset"`
	Prices []AssetPrice `json:"prices"`
}
