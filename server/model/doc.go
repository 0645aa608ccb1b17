// Package model holds Fortfolio's domain types and the errors that go with
// them: accounts, portfolios, transactions, security events, statistics
// rows and stress sets. It has no behaviour beyond small rules on its own
// values (the ledger order, the lockout delay) and imports nothing of the
// server, so the store that persists these types, the pure packages that
// compute on them and the handlers that present them all share one
// definition.
package model
