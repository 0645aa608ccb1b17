package market

import (
	"fmt"
	"time"
)

// Reference is the fixed data set the analytics measure portfolios
// against: its tickers are the constituents of the equal-weight index
// ("EQW", also the market of the stress betas) and its range bounds the
// dates a user may analyse and the stress windows offered. A Reference is
// immutable and comparable (a pointer), so derived values can be kept.
type Reference interface {
	// Range returns the first and last day of the data set.
	Ranged
	// Tickers lists the constituents, sorted.
	Tickers() []string
	// Closes returns read-only dates and closes of ticker in [from, to].
	Closes(ticker string, from, to time.Time) ([]time.Time, []float64, error)
}

// Ranged is implemented by data sets with a fixed first and last day: the
// embedded provider (its transactions cannot predate its data) and every
// Reference. Remote providers have no fixed range.
type Ranged interface {
	Range() (first, last time.Time)
}

// Referenced is implemented by providers that name their reference data
// set; every provider of this package does.
type Referenced interface {
	Reference() (Reference, error)
}

var (
	_ Ranged     = (*Embedded)(nil)
	_ Reference  = (*Embedded)(nil)
	_ Referenced = (*Embedded)(nil)
	_ Referenced = (*Remote)(nil)
)

// Reference implements Referenced: the embedded set is its own reference.
func (e *Embedded) Reference() (Reference, error) { return e, nil }

// Reference implements Referenced. A remote provider has no fixed data set
// of its own: portfolios are measured against the embedded set.
func (r *Remote) Reference() (Reference, error) {
	e, err := NewEmbedded()
	if err != nil {
		return nil, fmt.Errorf("market: reference: %w", err)
	}
	return e, nil
}
