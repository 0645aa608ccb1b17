// Package yahootest is a local fake of the public chart endpoint the
// keyless live provider reads, for tests: it answers
// /v8/finance/chart/{T} from a fixed table of daily closes, in the
// endpoint's JSON shape (timestamps at the New York open, gmtoffset
// -18000), and 404 with the endpoint's error body for other tickers.
package yahootest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Close is one day's close.
type Close struct {
	Date  string // YYYY-MM-DD
	Close float64
}

// Fake is a running fake chart endpoint.
type Fake struct {
	Srv  *httptest.Server
	Hits atomic.Int64
	// Fail, when set, makes every answer a 500.
	Fail atomic.Bool
	data map[string][]Close
}

// New starts a fake serving data (ticker -> closes, oldest first).
func New(data map[string][]Close) *Fake {
	f := &Fake{data: data}
	f.Srv = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// URL is the fake's base URL.
func (f *Fake) URL() string { return f.Srv.URL }

// Close stops the fake.
func (f *Fake) Close() { f.Srv.Close() }

const gmtOffset = -18000 // New York, winter

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	f.Hits.Add(1)
	w.Header().Set("Content-Type", "application/json")
	if f.Fail.Load() {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"chart":{"result":null,"error":{"code":"Internal","description":"down"}}}`))
		return
	}
	t, ok := strings.CutPrefix(r.URL.Path, "/v8/finance/chart/")
	closes, known := f.data[t]
	if !ok || !known {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`))
		return
	}
	from, to := bound(r.URL.Query().Get("period1"), 0), bound(r.URL.Query().Get("period2"), 1<<40)
	var ts []int64
	var cl []*float64
	for _, c := range closes {
		d, err := time.Parse(time.DateOnly, c.Date)
		if err != nil {
			continue
		}
		open := d.Add(14*time.Hour + 30*time.Minute).Unix() // 09:30 New York
		if open < from || open >= to {
			continue
		}
		v := c.Close
		ts, cl = append(ts, open), append(cl, &v)
	}
	meta := map[string]any{"currency": "USD", "symbol": t, "exchangeName": "NMS", "instrumentType": "EQUITY",
		"gmtoffset": gmtOffset, "timezone": "EST", "longName": t + " Inc.", "regularMarketPrice": 1}
	body := map[string]any{"chart": map[string]any{"result": []any{map[string]any{"meta": meta, "timestamp": ts,
		"indicators": map[string]any{"quote": []any{map[string]any{"open": cl, "high": cl, "low": cl, "close": cl, "volume": make([]int, len(cl))}},
			"adjclose": []any{map[string]any{"adjclose": cl}}}}}, "error": nil}}
	_ = json.NewEncoder(w).Encode(body)
}

func bound(s string, def int64) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return def
	}
	return v
}
