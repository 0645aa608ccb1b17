package alerts

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Surge thresholds (docs/methodology.md, "Surge reports"): a day is
// unusual for a ticker when its return is at least SurgeReturnZ sample
// standard deviations from the mean of its own previous SurgeWindow daily
// returns, or its volume at least SurgeVolumeZ above the mean of its
// previous SurgeWindow volumes.
const (
	SurgeWindow  = 60
	SurgeReturnZ = 3.0
	SurgeVolumeZ = 3.0
	// surgeLookback is the calendar span fetched to find SurgeWindow+1
	// trading days before the date (holidays included).
	surgeLookback = 120
)

// SurgeOf measures ticker on date. It returns nil without error when
// the ticker did not trade that day or has too little history.
func (s *Service) SurgeOf(ctx context.Context, ticker string, date time.Time) (*wire.Surge, error) {
	bars, err := s.cfg.Market.History(ctx, ticker, date.AddDate(0, 0, -surgeLookback), date)
	if errors.Is(err, market.ErrUnknownTicker) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("alerts: surge history of %s: %w", ticker, err)
	}
	return MeasureSurge(ticker, bars, date), nil
}

// MeasureSurge computes the z-scores of the last bar (which must be on
// date) against the SurgeWindow bars before it: nil when it cannot (no
// bar that day, too little history, constant prices), otherwise the
// measure with Reasons empty for a usual day.
func MeasureSurge(ticker string, bars []market.Bar, date time.Time) *wire.Surge {
	n := len(bars)
	if n < SurgeWindow+2 || !bars[n-1].Date.Equal(date) {
		return nil
	}
	rets := make([]float64, 0, SurgeWindow+1)
	for i := n - SurgeWindow - 1; i < n; i++ {
		if bars[i-1].Close <= 0 {
			return nil
		}
		rets = append(rets, bars[i].Close/bars[i-1].Close-1)
	}
	today := rets[SurgeWindow]
	m, sd := meanSD(rets[:SurgeWindow])
	if sd == 0 {
		return nil
	}
	out := &wire.Surge{Ticker: ticker, Return: today, ReturnZ: (today - m) / sd, Volume: bars[n-1].Volume, Reasons: []string{}}
	if math.Abs(out.ReturnZ) >= SurgeReturnZ {
		out.Reasons = append(out.Reasons, "return")
	}
	vols := make([]float64, 0, SurgeWindow)
	for _, b := range bars[n-SurgeWindow-1 : n-1] {
		vols = append(vols, float64(b.Volume))
	}
	if vm, vsd := meanSD(vols); vsd > 0 && bars[n-1].Volume > 0 {
		z := (float64(bars[n-1].Volume) - vm) / vsd
		out.VolumeZ = &z
		if z >= SurgeVolumeZ {
			out.Reasons = append(out.Reasons, "volume")
		}
	}
	return out
}

// meanSD is the mean and sample standard deviation (ddof=1).
func meanSD(x []float64) (float64, float64) {
	if len(x) < 2 {
		return 0, 0
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	m := sum / float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return m, math.Sqrt(ss / float64(len(x)-1))
}

// surgeCached returns the surge of ticker on the run's date (nil when the
// day was usual), measuring each ticker once per run.
func (s *Service) surgeCached(ctx context.Context, r *run, ticker string) (*wire.Surge, error) {
	if sg, ok := r.surges[ticker]; ok {
		return sg, nil
	}
	sg, err := s.SurgeOf(ctx, ticker, r.asOf)
	if err != nil {
		return nil, err
	}
	if sg != nil && len(sg.Reasons) == 0 {
		sg = nil
	}
	r.surges[ticker] = sg
	return sg, nil
}

// Surges is the surge report of date over the reference data set's
// tickers plus extra (a user's watchlist), strongest return first.
func (s *Service) Surges(ctx context.Context, date time.Time, extra []string) (wire.SurgeReport, error) {
	rep := wire.SurgeReport{Date: day(date), Window: SurgeWindow, ReturnZ: SurgeReturnZ, VolumeZ: SurgeVolumeZ, Surges: []wire.Surge{}}
	tickers, err := s.universe()
	if err != nil {
		return rep, err
	}
	for _, t := range extra {
		if !slices.Contains(tickers, t) {
			tickers = append(tickers, t)
		}
	}
	for _, tk := range tickers {
		sg, err := s.SurgeOf(ctx, tk, date)
		if err != nil {
			return rep, err
		}
		if sg == nil {
			continue
		}
		rep.TickersSeen++
		if len(sg.Reasons) > 0 {
			rep.Surges = append(rep.Surges, *sg)
		}
	}
	slices.SortStableFunc(rep.Surges, func(a, b wire.Surge) int {
		return -cmpFloat(math.Abs(a.ReturnZ), math.Abs(b.ReturnZ))
	})
	return rep, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// universe is the reference data set's tickers.
func (s *Service) universe() ([]string, error) {
	rp, ok := s.cfg.Market.(market.Referenced)
	if !ok {
		return nil, nil
	}
	ref, err := rp.Reference()
	if err != nil {
		return nil, fmt.Errorf("alerts: reference data: %w", err)
	}
	return ref.Tickers(), nil
}

// DataDate is the last day of market data: "today" for the evaluation.
func (s *Service) DataDate(ctx context.Context) (time.Time, error) {
	if rg, ok := s.cfg.Market.(market.Ranged); ok {
		_, last := rg.Range()
		return last, nil
	}
	tickers, err := s.universe()
	if err != nil || len(tickers) == 0 {
		return time.Time{}, fmt.Errorf("alerts: no reference tickers for the data date: %w", err)
	}
	b, err := s.cfg.Market.Latest(ctx, tickers[0])
	if err != nil {
		return time.Time{}, fmt.Errorf("alerts: data date: %w", err)
	}
	return b.Date, nil
}
