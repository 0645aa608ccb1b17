package wire

// Symbol describes a listed security.
type Symbol struct {
	Ticker   string `json:"ticker"`
	Name     string `json:"name"`
	Sector   string `json:"sector"`
	Industry string `json:"industry"`
	Country  string `json:"country"`
	Exchange string `json:"exchange"`
	// Currency is the ISO code prices are quoted in; empty means USD
	// (every embedded ticker).
	Currency string `json:"currency,omitempty"`
}

// Symbols answers GET /api/market/symbols?q=.
type Symbols struct {
	Symbols []Symbol `json:"symbols"`
}

// Bar is one daily price bar; Date is YYYY-MM-DD.
type Bar struct {
	Date   string  `json:"date"`
	Open   float64 `json:"open"`
	High   float64 `json:"high"`
	Low    float64 `json:"low"`
	Close  float64 `json:"close"`
	Volume int64   `json:"volume"`
}

// History answers GET /api/market/history/{ticker}?from=&to=.
type History struct {
	Ticker   string `json:"ticker"`
	Provider string `json:"provider"`
	From     string `json:"from"`
	To       string `json:"to"`
	Bars     []Bar  `json:"bars"`
	// Splits are the ticker's share splits known to the market data (the
	// closes are adjusted for them), oldest first.
	Splits []Split `json:"splits,omitempty"`
}

// Split is a share split: from Date on each share is Ratio shares.
type Split struct {
	Date   string  `json:"date"`
	Ratio  float64 `json:"ratio"`
	Source string  `json:"source"`
}

// Quote answers GET /api/market/quote/{ticker}: the latest known bar.
type Quote struct {
	Symbol Symbol `json:"symbol"`
	Bar    Bar    `json:"bar"`
}
