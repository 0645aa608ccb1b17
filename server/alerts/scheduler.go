package alerts

import (
	"context"
	"log/slog"
	"time"
)

// Schedule runs the evaluation in the background: whenever the market
// data's last date moves (checked every CheckEvery, and once at start),
// and daily at At (UTC time of day) after the close.
type Schedule struct {
	// CheckEvery is how often the data date is checked (15 minutes by default).
	CheckEvery time.Duration
	// At is the daily evaluation time after the close (22:30 UTC by default).
	At time.Duration
}

// DefaultSchedule checks the data every 15 minutes and evaluates daily at 22:30 UTC.
func DefaultSchedule() Schedule {
	return Schedule{CheckEvery: 15 * time.Minute, At: 22*time.Hour + 30*time.Minute}
}

// Run evaluates on the schedule until ctx ends. Failures are logged and
// recorded as security events by Evaluate; the loop goes on.
func (s *Service) Run(ctx context.Context, sc Schedule) {
	if sc.CheckEvery <= 0 {
		sc = DefaultSchedule()
	}
	var last time.Time
	nextDaily := nextAt(s.cfg.Now(), sc.At)
	t := time.NewTicker(sc.CheckEvery)
	defer t.Stop()
	for {
		now := s.cfg.Now()
		daily := !now.Before(nextDaily)
		if daily {
			nextDaily = nextAt(now, sc.At)
		}
		if d, err := s.DataDate(ctx); err != nil {
			s.event(ctx, EventEvalFailure, "", "alert evaluation: "+err.Error())
		} else if daily || !d.Equal(last) {
			job := jobData(d)
			if daily {
				job = jobDaily(now)
			}
			if s.evaluateOnce(ctx, job, d) {
				last = d
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// scheduledJob names a scheduled evaluation: the job and the day it is
// for, claimed once across the nodes sharing the database.
type scheduledJob struct{ name, day string }

// jobData is the evaluation of the market data's new date d.
func jobData(d time.Time) scheduledJob { return scheduledJob{"alerts-data", day(d)} }

// jobDaily is the daily evaluation after the close on now's day.
func jobDaily(now time.Time) scheduledJob { return scheduledJob{"alerts-daily", day(now)} }

// evaluateOnce evaluates the rules as of d for job unless another node
// sharing the database already has (its claim is taken) or is evaluating
// right now (then it reports false, to try again at the next check). Two
// evaluations never overlap, so a rule never notifies twice.
func (s *Service) evaluateOnce(ctx context.Context, job scheduledJob, d time.Time) bool {
	ran, err := s.cfg.Store.Exclusive(ctx, "alerts", func(ctx context.Context) error {
		ok, err := s.cfg.Store.ClaimRun(ctx, job.name, job.day, s.cfg.Now())
		if err != nil || !ok {
			return err
		}
		_, err = s.Evaluate(ctx, d)
		return err
	})
	if err != nil {
		s.log.WarnContext(ctx, "alerts: scheduled evaluation failed", slog.Any("error", err))
	}
	return ran
}

// nextAt is the first time after now at the time of day at (UTC).
func nextAt(now time.Time, at time.Duration) time.Time {
	d := midnight(now).Add(at)
	if !d.After(now) {
		d = d.Add(24 * time.Hour)
	}
	return d
}
