// Package pgbin finds PostgreSQL's programs (pg_dump, pg_restore, initdb,
// postgres …) for the backups and the test harness.
package pgbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
)

// Tool returns the path of a PostgreSQL program: from the newest
// /usr/lib/postgresql/*/bin holding it (Debian's layout, where the PATH may
// have an older one or none), else the PATH.
func Tool(name string) (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return major(dirs[i]) > major(dirs[j]) })
	for _, d := range dirs {
		if st, err := os.Stat(filepath.Join(d, name)); err == nil && st.Mode().IsRegular() {
			return filepath.Join(d, name), nil
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("no %s under /usr/lib/postgresql/*/bin or on the PATH (install Debian's postgresql package)", name)
	}
	return p, nil
}

// major is the PostgreSQL major version of a Debian bin directory.
func major(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}
