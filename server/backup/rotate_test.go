package backup

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestPrune400Days simulates a nightly backup at 03:00 (and a second one at
// 15:00 on every tenth day) from Monday 2024-01-01 for 400 days, pruning
// after each. The expected survivors at Monday 2025-02-03 03:00 are worked
// out by hand from the calendar.
func TestPrune400Days(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	start := ts("2024-01-01 03:00")
	var now time.Time
	for i := range 400 {
		for _, at := range backupTimes(start, i) {
			now = at
			writeFiles(t, dir, map[string]string{Name(at): ""})
			if _, _, err := Prune(t.Context(), dir, now, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := []string{
		// days: 2025-01-28 .. 2025-02-03 (today and the 6 days before)
		"2025-02-03 03:00", "2025-02-02 03:00", "2025-02-01 03:00", "2025-01-31 03:00",
		"2025-01-30 03:00", "2025-01-29 15:00", "2025-01-28 03:00",
		// ISO weeks starting 2025-01-27 back to 2024-12-16: their Sundays
		"2025-01-26 03:00", "2025-01-19 15:00", "2025-01-12 03:00", "2025-01-05 03:00",
		"2024-12-29 03:00", "2024-12-22 03:00",
		// months 2025-01 back to 2024-03: their last day
		"2024-12-31 03:00", "2024-11-30 15:00", "2024-10-31 15:00", "2024-09-30 03:00",
		"2024-08-31 03:00", "2024-07-31 03:00", "2024-06-30 03:00", "2024-05-31 03:00",
		"2024-04-30 03:00", "2024-03-31 03:00",
	}
	var wantNames []string
	for _, w := range want {
		wantNames = append(wantNames, Name(ts(w)))
	}
	slices.Sort(wantNames)
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if now != ts("2025-02-03 03:00") || !slices.Equal(got, wantNames) {
		t.Fatalf("at %v kept\n%v\nwant\n%v", now, got, wantNames)
	}
}

func backupTimes(start time.Time, i int) []time.Time {
	day := start.AddDate(0, 0, i)
	if i%10 == 4 {
		return []time.Time{day, day.Add(12 * time.Hour)}
	}
	return []time.Time{day}
}

func TestPlanEdges(t *testing.T) {
	t.Parallel()
	now := ts("2025-06-15 12:00") // a Sunday
	tests := []struct {
		name  string
		times []string
		keep  []string
	}{
		{"empty", nil, nil},
		{"old backup is the newest, kept", []string{"2020-01-01 03:00", "2019-01-01 03:00"}, []string{"2020-01-01 03:00"}},
		{"future backup kept", []string{"2025-06-20 03:00", "2025-06-15 03:00"}, []string{"2025-06-20 03:00", "2025-06-15 03:00"}},
		{"same day keeps newest", []string{"2025-06-15 03:00", "2025-06-15 11:00"}, []string{"2025-06-15 11:00"}},
		{"day 7 back is outside the day window but newest of its week",
			[]string{"2025-06-08 03:00", "2025-06-08 01:00", "2025-06-09 03:00"},
			[]string{"2025-06-09 03:00", "2025-06-08 03:00"}},
		{"13th month dropped", []string{"2024-06-30 03:00", "2024-07-31 03:00", "2025-06-15 03:00"},
			[]string{"2025-06-15 03:00", "2024-07-31 03:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in []time.Time
			for _, s := range tt.times {
				in = append(in, ts(s))
			}
			keep, drop := Plan(in, now)
			var got []string
			for _, k := range keep {
				got = append(got, k.Format("2006-01-02 15:04"))
			}
			if !slices.Equal(got, tt.keep) || len(keep)+len(drop) != len(in) {
				t.Fatalf("keep %v (drop %v), want %v", got, drop, tt.keep)
			}
		})
	}
}

func TestPruneDryRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, s := range []string{"2025-06-15 03:00", "2025-06-15 02:00", "2025-06-14 03:00"} {
		writeFiles(t, dir, map[string]string{Name(ts(s)): ""})
	}
	kept, deleted, err := Prune(t.Context(), dir, ts("2025-06-15 12:00"), true)
	if err != nil || len(kept) != 2 || len(deleted) != 1 || deleted[0].Name != Name(ts("2025-06-15 02:00")) {
		t.Fatalf("kept %v deleted %v err %v", kept, deleted, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Fatal("dry run deleted files")
	}
	if _, deleted, err = Prune(t.Context(), dir, ts("2025-06-15 12:00"), false); err != nil || len(deleted) != 1 {
		t.Fatalf("prune: %v %v", deleted, err)
	}
	if _, err := os.Stat(filepath.Join(dir, deleted[0].Name)); err == nil {
		t.Fatal("file not deleted")
	}
}

// TestPruneSameSecond: backups within one second count as one point in
// time; the newest of them stands for it and the others are deleted.
func TestPruneSameSecond(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	at := ts("2025-02-03 03:00")
	writeFiles(t, dir, map[string]string{Name(at): "", NameSeq(at, 2): "", NameSeq(at, 3): "", Name(at.AddDate(0, 0, -1)): ""})
	kept, deleted, err := Prune(t.Context(), dir, at, false)
	if err != nil {
		t.Fatal(err)
	}
	var k, d []string
	for _, b := range kept {
		k = append(k, b.Name)
	}
	for _, b := range deleted {
		d = append(d, b.Name)
	}
	if !slices.Equal(k, []string{NameSeq(at, 3), Name(at.AddDate(0, 0, -1))}) || !slices.Equal(d, []string{NameSeq(at, 2), Name(at)}) {
		t.Fatalf("kept %v, deleted %v", k, d)
	}
	left, _ := List(t.Context(), dir)
	if len(left) != 2 {
		t.Fatalf("left %+v", left)
	}
}
