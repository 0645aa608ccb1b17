// Package taxlots matches the sales of a portfolio's history to the
// purchase lots they close, by a lot method chosen per request: fifo
// (oldest lot first), lifo (newest first), hifo (highest cost per share
// first; ties oldest first) or, where a sale names its lots, exactly those
// lots (specific identification).
//
// A lot is identified by the id of the buy transaction that opened it; the
// id stays the lot's name while sales reduce it, so a sale can name the
// lots it closes and the name never changes when other transactions are
// added or removed. Matching works per ticker in ledger order; a split
// multiplies the quantity of the ticker's open lots by its ratio and
// divides their cost per share by it, so a lot's total cost is kept.
package taxlots
