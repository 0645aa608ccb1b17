//go:build linux

package audit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store/storetest"
)

func TestDiskFullUsesReserveThenRefusesAndRecovers(t *testing.T) {
	disk := storetest.SmallDisk(t, "2m")
	dir := filepath.Join(disk, "audit")
	c := &clock{t: day0}
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(c.now), WithReserve(64<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	filler := storetest.FillDisk(t, disk)
	big := Entry{Action: ActionPortfolioCreate, Target: strings.Repeat("x", 500)}
	if err := l.Append(t.Context(), big); err != nil {
		t.Fatalf("the entry of a committed change must fit in the reserve: %v", err)
	}
	if err := l.Writable(); !errors.Is(err, ErrFull) {
		t.Fatalf("Writable on a full disk = %v", err)
	}
	var failed error
	for range 1000 {
		if failed = l.Append(t.Context(), big); failed != nil {
			break
		}
	}
	if !errors.Is(failed, ErrFull) {
		t.Fatalf("appends beyond the reserve: %v", failed)
	}
	if res, err := VerifyWith(t.Context(), dir, VerifyOptions{Key: testKey}); err != nil || !res.OK {
		t.Fatalf("log after a full disk: %+v %v", res, err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	c.set(day0.Add(time.Minute))
	if err := l.Writable(); err != nil {
		t.Fatalf("no recovery after space was freed: %v", err)
	}
	if err := l.Append(t.Context(), big); err != nil {
		t.Fatal(err)
	}
}
