package e2e

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// TestMain stops the PostgreSQL server of the tests that use one, and
// fails a passing run that leaves a browser profile directory it cannot
// remove.
func TestMain(m *testing.M) {
	code := pgtest.Main(m)
	if left := removeProfilesLeft(); code == 0 && len(left) > 0 {
		fmt.Fprintf(os.Stderr, "browser profiles left behind after the browser closed: %v\n", left)
		code = 1
	}
	os.Exit(code)
}

// removeProfilesLeft removes the profile directories still there, for a
// few seconds: a Chromium helper on a busy machine may still be writing
// its last file when its test's clean-up runs. It returns those it could
// not remove.
func removeProfilesLeft() []string {
	left := profilesLeft()
	for try := 0; len(left) > 0 && try < 10; try++ {
		time.Sleep(500 * time.Millisecond)
		for _, d := range left {
			_ = os.RemoveAll(d)
		}
		left = profilesLeft()
	}
	return left
}

// profiles are the browser profile directories this run made.
var profiles struct {
	mu   sync.Mutex
	dirs []string
}

func addProfile(dir string) {
	profiles.mu.Lock()
	defer profiles.mu.Unlock()
	profiles.dirs = append(profiles.dirs, dir)
}

// profilesLeft returns the profile directories that still exist.
func profilesLeft() []string {
	profiles.mu.Lock()
	defer profiles.mu.Unlock()
	var left []string
	for _, d := range profiles.dirs {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			left = append(left, d)
		}
	}
	return left
}
