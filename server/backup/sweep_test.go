package backup

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

func TestSweepRemovesLeftoversOfInterruptedRuns(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	dir := filepath.Join(data, "backups")
	stale := filepath.Join(dir, stagingPrefix+"123")
	if err := os.MkdirAll(filepath.Join(stale, "users"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "pepper"), []byte("copy of a secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, tmpPrefix+"9.tmp")
	if err := os.WriteFile(tmp, []byte("half an archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("operator file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Sweep(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{stale, tmp} {
		if _, err := os.Lstat(p); err == nil {
			t.Fatalf("%s survived the sweep", p)
		}
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatal("the sweep removed an unrelated file")
	}
	if err := os.MkdirAll(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(t.Context(), Options{DataDir: data, Now: fixed(t0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(stale); err == nil {
		t.Fatal("Run did not sweep first")
	}
	if err := Sweep(filepath.Join(data, "missing")); err != nil {
		t.Fatalf("missing dir: %v", err)
	}
}

func TestNameCollisionNeverOverwrites(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	dir := filepath.Join(data, "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	squatter := filepath.Join(dir, Name(t0))
	if err := os.WriteFile(squatter, []byte("not ours"), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := Run(t.Context(), Options{DataDir: data, Now: fixed(t0)})
	if err != nil || info.Name != NameSeq(t0, 2) {
		t.Fatalf("info %+v err %v", info, err)
	}
	if b, _ := os.ReadFile(squatter); !bytes.Equal(b, []byte("not ours")) {
		t.Fatal("existing file overwritten")
	}
}

func TestManifestCheckpointIsSigned(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	key, _ := audit.NewKey(bytes.Repeat([]byte("k"), 32))
	if _, err := Run(t.Context(), Options{DataDir: data, Now: fixed(t0), AuditKey: key}); err != nil {
		t.Fatal(err)
	}
	cps, err := AuditCheckpoints(t.Context(), filepath.Join(data, "backups"))
	if err != nil || len(cps) != 1 || cps[0].Entries != 7 || !key.Valid(cps[0]) {
		t.Fatalf("checkpoints %+v %v", cps, err)
	}
	if cps[0].At.Before(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("checkpoint time %v", cps[0].At)
	}
}

func TestStagingIsOwnerOnly(t *testing.T) {
	t.Parallel()
	data := makeDataDir(t)
	stage := t.TempDir()
	if err := os.Chmod(stage, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := snapshot(t.Context(), data, "", stage); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(stage, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", p, st.Mode().Perm(), want)
		}
		n++
		return nil
	})
	if err != nil || n < 8 {
		t.Fatalf("walked %d entries: %v", n, err)
	}
}
