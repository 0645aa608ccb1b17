package model

import "time"

// Asset is a user's own asset: a security, fund, coin or holding the
// market data lacks, with prices the user gives. It lives in the user's
// database and is seen by that user only.
type Asset struct {
	ID, Symbol, Name, Currency, Sector, Country, Kind string
	Prices                                            int // number of daily closes
	First, Last                                       time.Time
	CreatedAt, UpdatedAt                              time.Time
}

// AssetPrice is one daily close of an Asset (Date is midnight UTC).
type AssetPrice struct {
	Date  time.Time
	Close float64
}
