package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/fuzzseed"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestListedPortfolioEncodesAsWire: the list's form of a portfolio encodes
// to exactly the bytes of wire.Portfolio, for hostile text and every kind
// of time the store returns, and has every field wire.Portfolio has.
func TestListedPortfolioEncodesAsWire(t *testing.T) {
	if a, b := reflect.TypeFor[wire.Portfolio]().NumField(), reflect.TypeFor[listedPortfolio]().NumField(); a != b {
		t.Fatalf("wire.Portfolio has %d fields, listedPortfolio %d: keep them alike", a, b)
	}
	at := time.Date(2026, 12, 2, 16, 30, 5, 0, time.UTC)
	cases := []wire.Portfolio{
		{ID: "p1", Name: "Plain", Currency: "USD", CreatedAt: at, UpdatedAt: at},
		{ID: "p2", Name: `<script>"&'\`, Note: "line\nbreak\u2028\u2029\x00", Currency: "EUR", Transactions: 12,
			CreatedAt: at.Add(123 * time.Millisecond), UpdatedAt: at.Add(100 * time.Millisecond)},
		{ID: "p3", Name: "\xff\xfe invalid UTF-8", Note: "émoji 📈", CreatedAt: time.UnixMilli(1).UTC(), UpdatedAt: at.Add(time.Nanosecond)},
		{ID: "p4", Name: "zero times"},
		{ID: "p5", Name: "another zone", CreatedAt: at.In(time.FixedZone("CET", 3600)), UpdatedAt: time.UnixMilli(253402300799999).UTC()},
	}
	for _, p := range cases {
		want, err := json.Marshal([]wire.Portfolio{p})
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal([]listedPortfolio{listed(p)})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", p.ID, got, want)
		}
	}
}

// FuzzListedPortfolio compares the two encodings on arbitrary text and
// millisecond times (the store's resolution) within RFC 3339's years.
func FuzzListedPortfolio(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("Growth", "<b>note</b>", int64(1796166595138))
	f.Add("\u2028\xff\"", "\\", int64(0))
	f.Fuzz(func(t *testing.T, name, note string, ms int64) {
		if ms < 0 || ms > 253402300799999 {
			return
		}
		seen.Reached()
		p := wire.Portfolio{ID: "p", Name: name, Note: note, Currency: "USD", CreatedAt: time.UnixMilli(ms).UTC(), UpdatedAt: time.UnixMilli(ms / 2).UTC()}
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(listed(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("got %s\nwant %s", got, want)
		}
	})
}

// TestPortfolioListBodyIsTheWireList checks the list's cached body:
// exactly what httpx.JSON writes for the list as []wire.Portfolio.
func TestPortfolioListBodyIsTheWireList(t *testing.T) {
	at := time.Date(2026, 12, 2, 16, 30, 5, 0, time.UTC)
	ps := []model.Portfolio{
		{ID: "p1", Name: "Plain", Currency: "USD", CreatedAt: at, UpdatedAt: at},
		{ID: "p2", Name: `<b>&"`, Note: "n\u2028", Currency: "EUR", Transactions: 3, CreatedAt: at.Add(time.Millisecond), UpdatedAt: at},
	}
	for _, list := range [][]model.Portfolio{nil, {}, ps} {
		wl := make([]wire.Portfolio, 0, len(list))
		for _, p := range list {
			wl = append(wl, publicPortfolio(p))
		}
		rec := httptest.NewRecorder()
		httpx.JSON(rec, httptest.NewRequest(http.MethodGet, "/api/portfolios", nil), http.StatusOK, wl)
		got, err := encodePortfolioList(list)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, rec.Body.Bytes()) {
			t.Errorf("%d portfolios:\n got %q\nwant %q", len(list), got, rec.Body.Bytes())
		}
	}
}
