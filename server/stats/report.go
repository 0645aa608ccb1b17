package stats

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxRangeDays is the longest date range a report or export may cover.
const MaxRangeDays = 800

// topN is how many rows each top list of a report holds.
const topN = 20

// ErrBadRange is returned for malformed or reversed date ranges.
var ErrBadRange = errors.New("stats: bad date range")

// Range is an inclusive range of UTC days.
type Range struct{ From, To time.Time }

// ParseRange reads from and to (YYYY-MM-DD, both optional): to defaults to
// today, from to 29 days before to. It refuses reversed ranges and ranges
// longer than MaxRangeDays.
func ParseRange(from, to string, now time.Time) (Range, error) {
	var r Range
	var err error
	r.To = now.UTC().Truncate(24 * time.Hour)
	if to != "" {
		if r.To, err = time.Parse(time.DateOnly, to); err != nil {
			return Range{}, ErrBadRange
		}
	}
	r.From = r.To.AddDate(0, 0, -29)
	if from != "" {
		if r.From, err = time.Parse(time.DateOnly, from); err != nil {
			return Range{}, ErrBadRange
		}
	}
	if r.From.After(r.To) || r.To.Sub(r.From) > MaxRangeDays*24*time.Hour || r.From.Year() < 2000 || r.To.Year() > 9999 {
		return Range{}, ErrBadRange
	}
	return r, nil
}

func (r Range) days() (string, string) {
	return r.From.Format(time.DateOnly), r.To.Format(time.DateOnly)
}

// Report summarises a range: every day (zeros included), totals and the
// top pages, referrers, browsers, OS, devices and screens.
func (s *Service) Report(ctx context.Context, r Range) (wire.StatsReport, error) {
	from, to := r.days()
	out := wire.StatsReport{From: from, To: to}
	rows, err := s.cfg.Store.StatsDays(ctx, from, to)
	if err != nil {
		return out, fmt.Errorf("stats: report: %w", err)
	}
	out.Days = fillDays(r, rows)
	for _, d := range out.Days {
		out.Views += d.Views
		out.Visitors += d.Visitors
	}
	pages, err := s.cfg.Store.StatsTopPages(ctx, from, to, topN)
	if err != nil {
		return out, fmt.Errorf("stats: report: %w", err)
	}
	out.Pages = make([]wire.StatsPage, 0, len(pages))
	for _, p := range pages {
		out.Pages = append(out.Pages, wire.StatsPage{Path: p.Key, Views: p.Views, Uniques: p.Uniques})
	}
	for dim, dst := range map[string]*[]wire.StatsCount{model.StatsReferrer: &out.Referrers, model.StatsBrowser: &out.Browsers,
		model.StatsOS: &out.OS, model.StatsDevice: &out.Devices, model.StatsScreen: &out.Screens} {
		if *dst, err = s.top(ctx, dim, from, to); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (s *Service) top(ctx context.Context, dim, from, to string) ([]wire.StatsCount, error) {
	rows, err := s.cfg.Store.StatsTop(ctx, dim, from, to, topN)
	if err != nil {
		return nil, fmt.Errorf("stats: report %s: %w", dim, err)
	}
	out := make([]wire.StatsCount, 0, len(rows))
	for _, r := range rows {
		out = append(out, wire.StatsCount{Value: r.Key, Count: r.Views})
	}
	return out, nil
}

// fillDays lists every day of r with its traffic, zero when none.
func fillDays(r Range, rows []model.StatsRow) []wire.StatsDay {
	byDay := make(map[string]model.StatsRow, len(rows))
	for _, row := range rows {
		byDay[row.Day] = row
	}
	var out []wire.StatsDay
	for d := r.From; !d.After(r.To); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		row := byDay[day]
		out = append(out, wire.StatsDay{Day: day, Views: row.Views, Visitors: row.Uniques})
	}
	return out
}

// Export returns every aggregate of the range, day by day, for CSV export.
func (s *Service) Export(ctx context.Context, r Range) ([]model.StatsRow, error) {
	from, to := r.days()
	rows, err := s.cfg.Store.StatsExport(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("stats: export: %w", err)
	}
	return rows, nil
}
