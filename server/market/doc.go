// Package market provides daily price history and symbol metadata behind one
// Provider interface, with three implementations:
//
//   - Embedded (the default): the DJIA 2006-2017 data set compiled into the
//     binary (data/*.csv.gz plus data/symbols.json), parsed once by
//     NewEmbedded into sorted in-memory slices. Works offline, needs no key.
//   - Polygon and FMP: remote HTTPS providers used when an API key is set.
//     They share one client with a per-request timeout, retries with capped
//     exponential backoff and jitter on 429 (honouring Retry-After) and 5xx,
//     a circuit breaker, and a SQLite response cache so a covered History
//     range is never fetched twice.
//
// New picks the provider from Config: Polygon when PolygonKey is set, else
// FMP when FMPKey is set, else Embedded.
//
// # Data policy for the embedded set
//
// The CSV files are the real scraped data and have gaps. The loader:
//   - keeps missing dates missing (no rows are invented; calendars differ
//     between tickers, e.g. MSFT has no 2010-04-01 row);
//   - fills an empty Open, High or Low from Close (2017-07-31 rows), then
//     widens High/Low so Low <= min(Open, Close) and High >= max(Open, Close);
//   - keeps Volume 0 as 0 (e.g. DIS 2012-08-01), and an empty Volume as 0;
//   - skips a row whose Close is empty, unparsable, not finite or <= 0, or
//     whose date is malformed or duplicated;
//   - rejects a file with no valid row at all (NewEmbedded fails).
//
// Every Bar.Date is midnight UTC. Remote bars follow the same policy.
//
// # Secrets
//
// API keys never appear in an error, a log line or a FailureEvent: every
// message that could carry a URL or a provider response body is passed
// through a redactor that removes the key in raw and escaped forms, and
// request URLs are never logged. Redirects are not followed.
package market
