package backup

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultAt is the default time of day (UTC) for the nightly backup.
const DefaultAt = 3 * time.Hour

// Scheduler runs a backup every day at a fixed UTC time of day. When it
// starts and the newest backup is older than the most recent scheduled time,
// it runs one immediately (catch-up).
type Scheduler struct {
	Options Options       // used by the default Job and to find the newest backup
	At      time.Duration // time of day after UTC midnight (0 is midnight)
	// OnResult, when set, is called after every run with its outcome.
	OnResult func(ctx context.Context, info Info, err error)
	// Job runs one backup; default: Run then Prune (prune errors are
	// returned joined, with the Info of the successful backup).
	Job func(ctx context.Context) (Info, error)
	// Claim, when set, is asked before each run with the day (YYYY-MM-DD,
	// UTC) of the scheduled time it stands for; the run is skipped unless
	// it reports true. Nodes sharing one database claim each day's run
	// there, so the nightly backup is taken once, not once per node.
	Claim func(ctx context.Context, day string) (bool, error)
	// Release, when set, is called after a claimed run that wrote no
	// archive, so a later attempt may claim the day again.
	Release func(ctx context.Context, day string)
	// Now and After are the clock; defaults time.Now and time.After.
	Now   func() time.Time
	After func(d time.Duration) <-chan time.Time
}

// NewScheduler returns a Scheduler for o at DefaultAt that reports to onResult.
func NewScheduler(o Options, onResult func(ctx context.Context, info Info, err error)) *Scheduler {
	return &Scheduler{Options: o, At: DefaultAt, OnResult: onResult}
}

// ParseTimeOfDay parses "HH:MM" (24-hour, UTC) into an offset after midnight.
func ParseTimeOfDay(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || len(hh) != 2 || len(mm) != 2 || err1 != nil || err2 != nil || h > 23 || m > 59 || h < 0 || m < 0 {
		return 0, fmt.Errorf("backup: invalid time of day %q (want HH:MM)", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

func (s *Scheduler) defaults() error {
	if s.At < 0 || s.At >= 24*time.Hour {
		return errors.New("backup: scheduler time of day out of range")
	}
	o, err := s.Options.withDefaults()
	if err != nil && s.Job == nil {
		return err
	}
	s.Options = o
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.After == nil {
		s.After = time.After
	}
	if s.Job == nil {
		s.Job = s.runAndPrune
	}
	return nil
}

// Run blocks until ctx is done, running the job at every scheduled time. It
// returns an error only for an invalid configuration.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.defaults(); err != nil {
		return err
	}
	if s.due(ctx) {
		s.once(ctx, s.next(s.Now()).Add(-24*time.Hour))
	}
	for {
		next := s.next(s.Now())
		for now := s.Now(); now.Before(next); now = s.Now() {
			select {
			case <-ctx.Done():
				return nil
			case <-s.After(next.Sub(now)):
			}
		}
		s.once(ctx, next)
	}
}

// due reports whether the newest backup predates the last scheduled time.
func (s *Scheduler) due(ctx context.Context) bool {
	list, err := List(ctx, s.Options.BackupDir)
	if err != nil || len(list) == 0 {
		return true
	}
	return list[0].Created.Before(s.next(s.Now()).Add(-24 * time.Hour))
}

// next returns the first scheduled time strictly after now.
func (s *Scheduler) next(now time.Time) time.Time {
	now = now.UTC()
	y, m, d := now.Date()
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(s.At)
	if !t.After(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// once runs the job for the scheduled time slot, if it can claim it.
func (s *Scheduler) once(ctx context.Context, slot time.Time) {
	if ctx.Err() != nil {
		return
	}
	day := slot.UTC().Format(time.DateOnly)
	if s.Claim != nil {
		ok, err := s.Claim(ctx, day)
		if err != nil {
			err = fmt.Errorf("backup: claim the run of %s: %w", day, err)
		}
		if err != nil {
			s.report(ctx, Info{}, err)
		}
		if err != nil || !ok {
			return // another node runs it
		}
	}
	info, err := s.Job(ctx)
	if info.Name == "" && s.Release != nil {
		s.Release(ctx, day)
	}
	s.report(ctx, info, err)
}

// report hands a run's outcome to OnResult.
func (s *Scheduler) report(ctx context.Context, info Info, err error) {
	if s.OnResult != nil {
		s.OnResult(ctx, info, err)
	}
}

func (s *Scheduler) runAndPrune(ctx context.Context) (Info, error) {
	info, err := Run(ctx, s.Options)
	if err != nil {
		return info, err
	}
	_, _, err = Prune(ctx, s.Options.BackupDir, s.Now(), false)
	return info, err
}
