package backup

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"
)

// Retention: the newest backup of each of the last KeepDays UTC days, of
// each of the last KeepWeeks ISO weeks and of each of the last KeepMonths
// calendar months is kept (union). Each window counts the current period:
// "the last 7 days" are today and the 6 days before it (UTC). Backups dated
// after now and the single newest backup are always kept.
const (
	KeepDays   = 7
	KeepWeeks  = 8
	KeepMonths = 12
)

// Plan splits backup times into those to keep and those to drop at now,
// following the retention rule above. Both results are newest first. Plan is
// pure: it touches no files.
func Plan(times []time.Time, now time.Time) (keep, drop []time.Time) {
	allowed := windows(now.UTC())
	newest := map[string]time.Time{}
	for _, t := range times {
		for _, k := range bucketKeys(t.UTC()) {
			if allowed[k] && t.After(newest[k]) {
				newest[k] = t
			}
		}
	}
	keepSet := map[time.Time]bool{}
	for _, t := range newest {
		keepSet[t] = true
	}
	var latest time.Time
	for _, t := range times {
		latest = maxTime(latest, t)
		if t.After(now) {
			keepSet[t] = true
		}
	}
	for _, t := range times {
		if keepSet[t] || t.Equal(latest) {
			keep = append(keep, t)
		} else {
			drop = append(drop, t)
		}
	}
	newestFirst := func(a, b time.Time) int { return b.Compare(a) }
	slices.SortFunc(keep, newestFirst)
	slices.SortFunc(drop, newestFirst)
	return keep, drop
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// bucketKeys returns the day, ISO week and month keys of t (UTC).
func bucketKeys(t time.Time) [3]string {
	y, w := t.ISOWeek()
	return [3]string{
		t.Format("d2006-01-02"),
		fmt.Sprintf("w%04d-%02d", y, w),
		t.Format("m2006-01"),
	}
}

// windows returns the bucket keys inside the retention windows at now.
func windows(now time.Time) map[string]bool {
	y, m, d := now.Date()
	allowed := map[string]bool{}
	for k := range KeepDays {
		allowed[bucketKeys(time.Date(y, m, d-k, 12, 0, 0, 0, time.UTC))[0]] = true
	}
	monday := d - (int(now.Weekday())+6)%7
	for k := range KeepWeeks {
		allowed[bucketKeys(time.Date(y, m, monday-7*k, 12, 0, 0, 0, time.UTC))[1]] = true
	}
	for k := range KeepMonths {
		allowed[bucketKeys(time.Date(y, m-time.Month(k), 1, 12, 0, 0, 0, time.UTC))[2]] = true
	}
	return allowed
}

// Prune deletes the backups in backupDir that Plan drops at now. With dryRun
// nothing is deleted and deleted lists what would be. Both lists are newest
// first.
func Prune(ctx context.Context, backupDir string, now time.Time, dryRun bool) (kept, deleted []Info, err error) {
	all, err := List(ctx, backupDir)
	if err != nil {
		return nil, nil, err
	}
	// Backups within one second share a time: Plan sees it once, the
	// newest of them (List puts it first) stands for it, the others go.
	var times []time.Time
	byTime := make(map[time.Time]Info, len(all))
	var extra []Info
	for _, b := range all {
		if _, seen := byTime[b.Created]; seen {
			extra = append(extra, b)
			continue
		}
		times, byTime[b.Created] = append(times, b.Created), b
	}
	keep, drop := Plan(times, now)
	for _, t := range keep {
		kept = append(kept, byTime[t])
	}
	gone := append(infos(byTime, drop), extra...)
	slices.SortFunc(gone, func(a, b Info) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return b.Seq - a.Seq
	})
	if dryRun || len(gone) == 0 {
		return kept, gone, nil
	}
	root, err := os.OpenRoot(backupDir)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: prune: %w", err)
	}
	defer root.Close()
	for _, b := range gone {
		if err := root.Remove(b.Name); err != nil {
			return kept, deleted, fmt.Errorf("backup: prune %s: %w", b.Name, err)
		}
		deleted = append(deleted, b)
	}
	return kept, deleted, syncDir(backupDir)
}

func infos(byTime map[time.Time]Info, ts []time.Time) []Info {
	out := make([]Info, 0, len(ts))
	for _, t := range ts {
		out = append(out, byTime[t])
	}
	return out
}
