package forecast

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
)

// Model files live in DATA/models/vNNNNNN/ (directories 0700, files 0600):
//
//	model.json    the Bundle: parameters, scalers, feature definitions,
//	              baselines and the walk-forward evaluation
//	training.log  the training run's log
//
// A version is written to a temporary directory and renamed into place,
// so a half-written version is never loaded. The newest KeepVersions
// versions are kept.
const (
	modelFile    = "model.json"
	logFile      = "training.log"
	KeepVersions = 10
	dirMode      = 0o700
	fileMode     = 0o600
)

var versionDir = regexp.MustCompile(`^v([0-9]{6})$`)

// ModelStore reads and writes model versions under one directory.
type ModelStore struct {
	dir string
}

// OpenModelStore creates dir (0700) when missing and tightens its mode.
func OpenModelStore(dir string) (*ModelStore, error) {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return nil, fmt.Errorf("forecast: models dir: %w", err)
	}
	if err := os.Chmod(dir, dirMode); err != nil { // #nosec G302 -- a directory: 0700 is owner-only
		return nil, fmt.Errorf("forecast: models dir: %w", err)
	}
	return &ModelStore{dir: dir}, nil
}

// Versions lists the stored version numbers, oldest first.
func (s *ModelStore) Versions() ([]int, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("forecast: list models: %w", err)
	}
	var out []int
	for _, e := range entries {
		if m := versionDir.FindStringSubmatch(e.Name()); m != nil && e.IsDir() {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Load reads version v.
func (s *ModelStore) Load(v int) (*Bundle, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, fmt.Errorf("forecast: open models: %w", err)
	}
	defer root.Close()
	data, err := root.ReadFile(filepath.Join(dirName(v), modelFile))
	if err != nil {
		return nil, fmt.Errorf("forecast: read model %d: %w", v, err)
	}
	var b Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("forecast: decode model %d: %w", v, err)
	}
	if b.Version != v {
		return nil, fmt.Errorf("forecast: model %d says it is version %d", v, b.Version)
	}
	return &b, nil
}

// Latest loads the newest version that loads (an unreadable version is
// skipped); ErrNoModel when none does.
func (s *ModelStore) Latest() (*Bundle, error) {
	vs, err := s.Versions()
	if err != nil {
		return nil, err
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if b, err := s.Load(vs[i]); err == nil {
			return b, nil
		}
	}
	return nil, ErrNoModel
}

// ErrNoModel means no model version has been trained yet.
var ErrNoModel = errors.New("forecast: no trained model")

// Save writes b as the next version (setting b.Version) with its log and
// prunes old versions.
func (s *ModelStore) Save(b *Bundle, log string) error {
	vs, err := s.Versions()
	if err != nil {
		return err
	}
	b.Version = 1
	if len(vs) > 0 {
		b.Version = vs[len(vs)-1] + 1
	}
	data, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("forecast: encode model: %w", err)
	}
	tmp, err := os.MkdirTemp(s.dir, ".tmp-")
	if err != nil {
		return fmt.Errorf("forecast: save model: %w", err)
	}
	defer os.RemoveAll(tmp)
	for name, body := range map[string][]byte{modelFile: data, logFile: []byte(log)} {
		if err := writeSynced(filepath.Join(tmp, name), body); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, dirMode); err != nil { // #nosec G302 -- a directory: 0700 is owner-only
		return fmt.Errorf("forecast: save model: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(s.dir, dirName(b.Version))); err != nil {
		return fmt.Errorf("forecast: save model: %w", err)
	}
	return s.prune(append(vs, b.Version))
}

// writeSynced writes an owner-only file and syncs it.
func writeSynced(path string, body []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode) // #nosec G304 -- path is inside the models directory, built from fixed names
	if err != nil {
		return fmt.Errorf("forecast: write model file: %w", err)
	}
	_, err = f.Write(body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("forecast: write model file: %w", err)
	}
	return nil
}

// prune removes all but the newest KeepVersions versions.
func (s *ModelStore) prune(vs []int) error {
	for len(vs) > KeepVersions {
		if err := os.RemoveAll(filepath.Join(s.dir, dirName(vs[0]))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("forecast: prune models: %w", err)
		}
		vs = vs[1:]
	}
	return nil
}

// Log reads version v's training log.
func (s *ModelStore) Log(v int) (string, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return "", fmt.Errorf("forecast: open models: %w", err)
	}
	defer root.Close()
	data, err := root.ReadFile(filepath.Join(dirName(v), logFile))
	if err != nil {
		return "", fmt.Errorf("forecast: read log %d: %w", v, err)
	}
	return string(data), nil
}

// dirName is the directory of version v.
func dirName(v int) string { return fmt.Sprintf("v%06d", v) }
