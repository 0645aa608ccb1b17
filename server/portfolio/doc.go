// Package portfolio derives holdings from a portfolio's transaction history
// and reads and writes the portfolio CSV format. It is pure: no I/O besides
// the readers and writers it is handed, no clock, no market access.
//
// Replay walks a history oldest first with FIFO lots per ticker: a buy adds
// a long lot at (quantity x price + fee) / quantity per share, a sell
// consumes the oldest long lots first and realises proceeds minus fee minus
// their cost; short and cover mirror this for short lots (a short lot keeps
// its net proceeds per share). A ticker is either long or short at a time:
// buying while short or shorting while long is refused, as is selling more
// than is held or covering more than is short. Dividends add income
// (quantity x price - fee); fee transactions add a cost (quantity x price +
// fee).
package portfolio
