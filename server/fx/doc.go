// Package fx converts money between currencies at daily reference rates.
//
// The default table is embedded in the binary: the European Central
// Bank's euro foreign exchange reference rates, one row per ECB business
// day from 1999-01-04 to 2024-10-11, for the euro and twelve other major
// currencies (data/ecb-eurofxref.csv.gz; "Source: European Central Bank",
// subset to those currencies, otherwise unchanged). The ECB publishes each
// day's rates at about 16:00 CET, not at a market close.
//
// A rate for a day without a row (weekend, TARGET holiday) is the last
// published one, carried forward for at most MaxCarryDays; a day before
// the first row or more than MaxCarryDays after the last is outside the
// table and fails with ErrOutOfRange rather than using a stale rate.
// Converting a currency to itself needs no rate and never fails.
//
// Table.With lays another source's series of one currency (a market data
// provider's, in the same units per EUR) over a table: its rate on the
// days it has, the table's on the others. Each currency then has its own
// calendar, and the carry-forward limit counts from that currency's own
// last date (RangeOf).
package fx
