//go:build linux

package storetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/fortfolio/fortfolio/server/testenv"
)

// SmallDisk mounts a tmpfs of the given size (e.g. "2m") on a temporary
// directory, unmounted when the test ends, so a test can fill a real file
// system. Where mounting is not allowed (not root) the test is skipped with
// a message; in CI (CI set and not "false") that is a failure instead, as
// for the other tests that need a tool.
func SmallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil { // #nosec G204 -- fixed command; the size comes from the calling test and dir from t.TempDir
		msg := "cannot mount a tmpfs, so the full-disk behaviour is not tested (" + err.Error() + ": " + string(out) + ")"
		testenv.Missing(t, msg)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() }) // #nosec G204 -- fixed command on the test's own temporary directory
	return dir
}

// FillDisk writes a file in dir until the file system refuses more and
// returns its path; removing it frees the space again.
func FillDisk(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p) // #nosec G304 -- a test file under the test's own temporary directory
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
