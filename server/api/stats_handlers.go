package api

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/stats"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxPageViewBody caps the body of POST /api/stats/pageview.
const MaxPageViewBody = 2 << 10

// registerStats adds the usage statistics routes: the anonymous page-view
// beacon and the admin report and export.
func (h *Handlers) registerStats(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/stats/pageview", h.pageView)
	mux.Handle("GET /api/admin/stats", h.Admin(h.adminStats))
	mux.Handle("GET /api/admin/stats.csv", h.Admin(h.adminStatsCSV))
}

// pageView counts an anonymous page view. Signed in or not, nothing about
// the caller is kept: see server/stats. Do Not Track and Global Privacy
// Control are honoured by answering 204 without counting.
func (h *Handlers) pageView(w http.ResponseWriter, r *http.Request) {
	ip := h.clientAddr(r)
	if ok, wait := h.Stats.Allow(ip); !ok {
		h.Record.Event(r.Context(), model.SecurityEvent{Kind: "rate_limited", IP: ip.String(), Detail: "pageview " + r.URL.Path})
		httpx.TooMany(w, wait, "Too many page views. Please wait a moment.")
		return
	}
	if optedOut(r) {
		httpx.NoContent(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxPageViewBody)
	var in wire.PageView
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return
	}
	err := h.Stats.Record(r.Context(), stats.Hit{PageView: in, IP: ip, UserAgent: r.UserAgent(), Host: r.Host})
	switch {
	case errors.Is(err, stats.ErrUnknownPath):
		httpx.BadRequest(w, "path must be a known page template.")
	case errors.Is(err, stats.ErrBadReferrer):
		httpx.BadRequest(w, "referrer must be a host name.")
	case errors.Is(err, stats.ErrBadScreen):
		httpx.BadRequest(w, "screen_width must be between 0 and 20000.")
	case err != nil:
		httpx.ServerError(w, r, err)
	default:
		httpx.NoContent(w)
	}
}

// optedOut reports whether the browser asked not to be tracked.
func optedOut(r *http.Request) bool {
	return r.Header.Get("DNT") == "1" || r.Header.Get("Sec-GPC") == "1"
}

// clientAddr returns the client address the rate limiter saw.
func (h *Handlers) clientAddr(r *http.Request) netip.Addr {
	if ip, ok := ratelimit.ClientIPFrom(r.Context()); ok {
		return ip
	}
	return ratelimit.ClientIP(r, h.Trusted)
}

// statsRange reads ?from=&to= and answers 400 itself when they are bad.
func (h *Handlers) statsRange(w http.ResponseWriter, r *http.Request) (stats.Range, bool) {
	q := r.URL.Query()
	rg, err := stats.ParseRange(q.Get("from"), q.Get("to"), h.now())
	if err != nil {
		httpx.BadRequest(w, "from and to must be dates (YYYY-MM-DD), from not after to, at most 800 days apart.")
		return rg, false
	}
	return rg, true
}

func (h *Handlers) adminStats(w http.ResponseWriter, r *http.Request) {
	rg, ok := h.statsRange(w, r)
	if !ok {
		return
	}
	rep, err := h.Stats.Report(r.Context(), rg)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, rep)
}

// statsCSVHeader is the first line of the statistics export.
var statsCSVHeader = []string{"day", "kind", "key", "views_or_count", "uniques"}

func (h *Handlers) adminStatsCSV(w http.ResponseWriter, r *http.Request) {
	rg, ok := h.statsRange(w, r)
	if !ok {
		return
	}
	rows, err := h.Stats.Export(r.Context(), rg)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(statsCSVHeader)
	for _, row := range rows {
		_ = cw.Write([]string{row.Day, row.Kind, portfolio.EscapeCell(row.Key),
			strconv.FormatInt(row.Views, 10), strconv.FormatInt(row.Uniques, 10)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	from, to := rg.From.Format(time.DateOnly), rg.To.Format(time.DateOnly)
	httpx.Download(w, "text/csv; charset=utf-8", "fortfolio-stats-"+from+"-"+to+".csv", buf.Bytes())
}
