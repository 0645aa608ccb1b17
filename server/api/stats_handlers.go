package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/refusal"
	"github.com/fortfolio/fortfolio/server/stats"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxPageViewBody caps the body of POST /api/stats/pageview.
const MaxPageViewBody = 2 << 10

// registerStats adds the usage statistics routes: the anonymous page-view
// beacon and the admin report and export.
func (h *Handlers) registerStats(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/stats/pageview", serve(h.pageView))
	mux.Handle("GET /api/admin/stats", h.Admin(h.adminStats))
	mux.Handle("GET /api/admin/stats.csv", h.Admin(h.adminStatsCSV))
}

// pageView counts an anonymous page view. Signed in or not, nothing about
// the caller is kept: see server/stats. Do Not Track and Global Privacy
// Control are honoured by answering 204 without counting.
func (h *Handlers) pageView(w http.ResponseWriter, r *http.Request) error {
	ip := h.clientAddr(r)
	if ok, wait := h.Stats.Allow(ip); !ok {
		h.Refusals.Add(refusal.Refusal{Kind: refusal.KindRateLimited, IP: ip.String(), Detail: "pageview"})
		return httpx.TooMany(wait, "Too many page views. Please wait a moment.")
	}
	if optedOut(r) {
		httpx.NoContent(w)
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxPageViewBody)
	var in wire.PageView
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := h.Stats.Record(r.Context(), stats.Hit{PageView: in, IP: ip, UserAgent: r.UserAgent(), Host: r.Host}); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

// optedOut reports whether the browser asked not to be tracked.
func optedOut(r *http.Request) bool {
	return r.Header.Get("DNT") == "1" || r.Header.Get("Sec-GPC") == "1"
}

// statsRange reads ?from=&to= (400 when they are bad).
func (h *Handlers) statsRange(r *http.Request) (stats.Range, error) {
	q := r.URL.Query()
	rg, err := stats.ParseRange(q.Get("from"), q.Get("to"), h.now())
	if err != nil {
		return rg, httpx.BadRequest("from and to must be dates (YYYY-MM-DD), from not after to, at most 800 days apart.")
	}
	return rg, nil
}

func (h *Handlers) adminStats(w http.ResponseWriter, r *http.Request) error {
	rg, err := h.statsRange(r)
	if err != nil {
		return err
	}
	rep, err := h.Stats.Report(r.Context(), rg)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, rep)
	return nil
}

// statsCSVHeader is the first line of the statistics export.
var statsCSVHeader = []string{"day", "kind", "key", "views_or_count", "uniques"}

func (h *Handlers) adminStatsCSV(w http.ResponseWriter, r *http.Request) error {
	rg, err := h.statsRange(r)
	if err != nil {
		return err
	}
	rows, err := h.Stats.Export(r.Context(), rg)
	if err != nil {
		return err
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
		return err
	}
	from, to := rg.From.Format(time.DateOnly), rg.To.Format(time.DateOnly)
	httpx.Download(w, "text/csv; charset=utf-8", "fortfolio-stats-"+from+"-"+to+".csv", buf.Bytes())
	return nil
}
