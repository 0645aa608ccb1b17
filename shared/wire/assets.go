package wire

import "time"

// Asset is a user's own asset (GET /api/assets, GET /api/assets/{id}).
// Kind is one of validate.AssetKinds. First and Last are the dates of its
// first and last price ("" without prices).
type Asset struct {
	ID        string    `json:"id"`
	Symbol    string    `json:"symbol"`
	Name      string    `json:"name"`
	Currency  string    `json:"currency"`
	Sector    string    `json:"sector"`
	Country   string    `json:"country"`
	Kind      string    `json:"kind"`
	Prices    int       `json:"prices"`
	First     string    `json:"first"`
	Last      string    `json:"last"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AssetInput is the body of POST /api/assets and PUT /api/assets/{id}
// (whose symbol must be absent or unchanged).
type AssetInput struct {
	Symbol   string `json:"symbol"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
	Sector   string `json:"sector"`
	Country  string `json:"country"`
	Kind     string `json:"kind"`
}

// AssetPrice is one daily close.
type AssetPrice struct {
	Date  string  `json:"date"`
	Close float64 `json:"close"`
}

// AssetPrices is the body of PUT /api/assets/{id}/prices, which replaces
// every price: either Prices, or CSV text of date,close lines (a header
// line is optional; "," ";" or tab; decimal commas allowed with ";" or
// tab). The answer of GET /api/assets/{id}/prices holds Prices.
type AssetPrices struct {
	Prices []AssetPrice `json:"prices,omitempty"`
	CSV    string       `json:"csv,omitempty"`
}
