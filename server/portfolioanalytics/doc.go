// Package portfolioanalytics turns a user's stored transactions and the
// market data provider's prices into the inputs of server/analytics:
// trades and dividends, one close series per traded ticker (fetched once
// per request), sector and country metadata, the benchmark (a ticker or
// the equal-weight index "EQW" of the provider's reference data set), stress
// inputs, optimiser moments and FIFO tax lots.
package portfolioanalytics
