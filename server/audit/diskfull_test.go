//go:build linux

package audit

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// smallDisk mounts a tmpfs of size bytes and unmounts it at the end; the
// test is skipped where mounting is not allowed (not root).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s)", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	return dir
}

// fill writes a file until the disk is full.
func fill(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			return p
		}
	}
}

func TestDiskFullUsesReserveThenRefusesAndRecovers(t *testing.T) {
	disk := smallDisk(t, "2m")
	dir := filepath.Join(disk, "audit")
	c := &clock{t: day0}
	l, err := Open(t.Context(), dir, WithKey(testKey), WithClock(c.now), WithReserve(64<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	filler := fill(t, disk)
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
