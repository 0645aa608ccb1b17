package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
)

// Transaction kinds a file's rows map onto: the ledger's kinds.
const (
	KindBuy        = "buy"
	KindSell       = "sell"
	KindDividend   = "dividend"
	KindFee        = "fee"
	KindTax        = "tax"
	KindInterest   = "interest"
	KindDeposit    = "deposit"
	KindWithdrawal = "withdrawal"
	KindSplit      = "split"
	KindShort      = "short"
	KindCover      = "cover"
)

// isTrade reports whether a kind trades shares.
func isTrade(kind string) bool {
	switch kind {
	case KindBuy, KindSell, KindShort, KindCover:
		return true
	}
	return false
}

// BasisAsTraded is the basis of every preset's rows: quantities and prices
// as the broker statement shows them, before later splits.
const BasisAsTraded = "as_traded"

// Tx is one transaction read from a file. Trades (buy, sell) carry
// Quantity and Price (per share, in Currency) and Fee; cash kinds
// (deposit, withdrawal, interest, tax, fee without shares, dividend without
// a per-share amount) carry Amount, always positive, with the kind giving
// the direction. Ticker is empty for cash movements. Instrument is the
// file's own identifier (an ISIN, a name) when it has no ticker.
type Tx struct {
	Line       int     `json:"line"`
	Date       string  `json:"date"`
	Kind       string  `json:"kind"`
	Ticker     string  `json:"ticker"`
	Instrument string  `json:"instrument,omitempty"`
	Quantity   float64 `json:"quantity"`
	Price      float64 `json:"price"`
	Fee        float64 `json:"fee"`
	Amount     float64 `json:"amount"`
	Currency   string  `json:"currency"`
	Basis      string  `json:"basis"`
	Ratio      float64 `json:"ratio,omitempty"`
	Note       string  `json:"note"`
	// BrokerID is the broker's own transaction id ("" when the format has
	// none).
	BrokerID string `json:"broker_id,omitempty"`
	// ImportID and Hash are the re-import keys (see Keys).
	ImportID string `json:"import_id,omitempty"`
	Hash     string `json:"hash"`
	// trusted rows come from Fortfolio's own CSV parser, which already
	// refused formula cells and unescaped exported ones.
	trusted bool
}

// contentHash is the SHA-256 of the fields that make a transaction what it
// is, in a fixed canonical text.
func (t Tx) contentHash() string {
	f := func(v float64) string { return strconv.FormatFloat(round(v), 'g', -1, 64) }
	s := strings.Join([]string{t.Date, t.Kind, t.Ticker, t.Instrument, f(t.Quantity), f(t.Price), f(t.Fee),
		f(t.Amount), strings.ToUpper(t.Currency), f(t.Ratio)}, "\x1f")
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// round drops float noise below 1e-9 of the value so "12.5" and a
// computed 12.499999999 hash alike.
func round(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	return math.Round(v*1e8) / 1e8
}

// Keys sets the re-import keys of txs: ImportID is format:BrokerID when the
// row has a broker id (a second row with the same id gets "#2" and so on),
// and Hash is the content hash, with "#n" for the n-th identical row of the
// file, so two genuinely identical trades on one day stay two.
func Keys(format string, txs []Tx) {
	seenHash := map[string]int{}
	seenID := map[string]int{}
	for i := range txs {
		h := txs[i].contentHash()
		seenHash[h]++
		txs[i].Hash = h + "#" + strconv.Itoa(seenHash[h])
		if id := txs[i].BrokerID; id != "" {
			seenID[id]++
			txs[i].ImportID = format + ":" + id
			if n := seenID[id]; n > 1 {
				txs[i].ImportID += "#" + strconv.Itoa(n)
			}
		}
	}
}
