// Package analytics is Fortfolio's pure computation engine: portfolio value
// and return series built from trades, risk and performance metrics, holding
// attribution, allocation, historical and hypothetical stress tests,
// mean-variance optimisation and tax-loss harvesting hints.
//
// The package performs no I/O. Inputs are plain Go values supplied by the
// caller (market data provider and the user's transactions); outputs are
// the JSON result types of shared/wire (defined once there, so the server
// and the WebAssembly client share them), with dates formatted as
// time.DateOnly (YYYY-MM-DD) and no NaN or Inf values (undefined numbers are nil pointers).
// Every convention is documented in docs/methodology.md.
package analytics
