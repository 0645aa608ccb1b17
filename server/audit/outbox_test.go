package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// memOutbox is an outbox in memory that refuses lines out of order, as
// the shared table's trigger does.
type memOutbox struct {
	mu    sync.Mutex
	recs  []Record
	fail  bool
	calls int
}

func (m *memOutbox) Head(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return 0, errors.New("down")
	}
	return int64(len(m.recs)), nil
}

func (m *memOutbox) Insert(_ context.Context, recs []Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.fail {
		return errors.New("down")
	}
	for _, r := range recs {
		prev := GenesisHash
		if n := len(m.recs); n > 0 {
			prev = m.recs[n-1].Entry.Hash
		}
		if r.Seq != int64(len(m.recs))+1 || r.Entry.Prev != prev {
			return errors.New("out of order")
		}
		m.recs = append(m.recs, r)
	}
	return nil
}

func (m *memOutbox) seqs() []int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []int64
	for _, r := range m.recs {
		out = append(out, r.Seq)
	}
	return out
}

// TestOutboxTwoProcessesOneDirectory: two writers of one directory (the
// server and a CLI command) publish one contiguous chain between them,
// day checkpoints included.
func TestOutboxTwoProcessesOneDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := &memOutbox{}
	clock := day0
	now := func() time.Time { return clock }
	a, err := Open(t.Context(), dir, WithKey(testKey), WithOutbox(out), WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(t.Context(), dir, WithKey(testKey), WithOutbox(out), WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := range 10 {
		l := a
		if i%3 == 0 {
			l = b
		}
		clock = day0.Add(time.Duration(i) * time.Hour) // crosses midnight: a checkpoint line closes the day
		if err := l.Append(t.Context(), Entry{Actor: "x", Action: ActionLoginSuccess}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
	if err != nil || !res.OK {
		t.Fatalf("log: %+v %v", res, err)
	}
	if got := out.seqs(); len(got) != res.Entries || len(got) < 11 {
		t.Fatalf("outbox holds %v, the log %d entries", got, res.Entries)
	}
}

// TestOutboxFailureAndRecovery: a batch whose publication fails is on the
// disk and reported ErrNotPublished; the next batch, CloseDay or a new
// start inserts it.
func TestOutboxFailureAndRecovery(t *testing.T) {
	t.Parallel()
	for _, recover := range []string{"next batch", "close day", "restart"} {
		t.Run(recover, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := &memOutbox{}
			l, err := Open(t.Context(), dir, WithKey(testKey), WithOutbox(out))
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if err := l.Append(t.Context(), Entry{Action: ActionLoginSuccess}); err != nil {
				t.Fatal(err)
			}
			out.fail = true
			if err := l.Append(t.Context(), Entry{Action: ActionLoginFailure}); !errors.Is(err, ErrNotPublished) {
				t.Fatalf("append with the outbox down: %v", err)
			}
			out.fail = false
			want := 2
			switch recover {
			case "next batch":
				want = 3
				err = l.Append(t.Context(), Entry{Action: ActionLogout})
			case "close day":
				err = l.CloseDay(t.Context())
			case "restart":
				_ = l.Close()
				var again *Log
				if again, err = Open(t.Context(), dir, WithKey(testKey), WithOutbox(out)); err == nil {
					defer again.Close()
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := out.seqs(); len(got) != want {
				t.Fatalf("after %s the outbox holds %v, want %d entries", recover, got, want)
			}
		})
	}
}

// TestRecordsPositions: Records numbers format 1 lines (which carry no
// seq) by their position and starts after the given one.
func TestRecordsPositions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, h := v1Line(t, day0, ActionLoginSuccess, GenesisHash)
	b, _ := v1Line(t, day0.Add(time.Second), ActionLogout, h)
	if err := os.WriteFile(filepath.Join(dir, fileName(day0)), []byte(a+"\n"+b+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := day0.Add(time.Minute)
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		clock = day0.Add(time.Duration(i+1) * 12 * time.Hour)
		if err := l.Append(t.Context(), Entry{Action: ActionLoginSuccess}); err != nil {
			t.Fatal(err)
		}
	}
	_ = l.Close()
	res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey})
	if err != nil || !res.OK {
		t.Fatalf("log: %+v %v", res, err)
	}
	for after := int64(0); after <= int64(res.Entries); after++ {
		var got []int64
		err := Records(t.Context(), dir, after, func(recs []Record) error {
			for _, r := range recs {
				if r.Entry.Seq != 0 && r.Entry.Seq != r.Seq {
					t.Errorf("line seq %d numbered %d", r.Entry.Seq, r.Seq)
				}
				got = append(got, r.Seq)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(got)) != int64(res.Entries)-after || (len(got) > 0 && got[0] != after+1) {
			t.Fatalf("after %d: %v of %d entries", after, got, res.Entries)
		}
		c := NewRecordChecker(VerifyOptions{Key: testKey})
		if after == 0 {
			_ = Records(t.Context(), dir, 0, func(recs []Record) error {
				for _, r := range recs {
					if reason := c.Check(r.Line); reason != "" {
						t.Fatalf("record %d: %s", r.Seq, reason)
					}
				}
				return nil
			})
			if r := c.Result(); !r.OK || r.Entries != res.Entries || r.Authenticated != res.Authenticated {
				t.Fatalf("record checker: %+v, files: %+v", r, res)
			}
		}
	}
}
