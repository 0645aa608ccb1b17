package forecast

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fastTrain is a sparse schedule so a training run takes well under a second.
var fastTrain = TrainConfig{MinTrain: 200, Step: 150}

func newTestService(t *testing.T, dir string, universe func(context.Context) (*Universe, error), failures *atomic.Int32) *Service {
	t.Helper()
	s, err := NewService(ServiceConfig{Dir: dir, Universe: universe, Train: fastTrain,
		OnFailure: func(context.Context, error) { failures.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

func TestServiceTrainsOnDemandAndServes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "models")
	u := mustUniverse(t, synthSeries(4, 700, 11))
	var failures atomic.Int32
	s := newTestService(t, dir, func(context.Context) (*Universe, error) { return u, nil }, &failures)
	if _, err := s.Predict(context.Background(), "AX", 5); !errors.Is(err, ErrNotReady) {
		t.Fatalf("before training: %v, want ErrNotReady", err)
	}
	if !s.Training() { // a caller waiting for the model sees the run at once
		t.Fatal("no training run under way after the first request")
	}
	for s.Training() { // the run ends on its own; no arbitrary deadline
		time.Sleep(20 * time.Millisecond)
	}
	p, err := s.Predict(context.Background(), "AX", 5)
	if err != nil {
		t.Fatalf("after training: %v", err)
	}
	if p.ModelVersion != 1 || len(p.Forecasts) != 3 || p.Evaluation.Predictions == 0 || p.Notice == "" {
		t.Fatalf("prediction %+v", p)
	}
	for _, f := range p.Forecasts {
		if !(f.ProbUp > 0 && f.ProbUp < 1) {
			t.Fatalf("%s: prob %v", f.Model, f.ProbUp)
		}
	}
	if _, err := s.Predict(context.Background(), "ZZZ", 5); !errors.Is(err, ErrUnknownTicker) {
		t.Fatalf("unknown ticker: %v", err)
	}
	if _, err := s.Predict(context.Background(), "AX", 7); !errors.Is(err, ErrBadHorizon) {
		t.Fatalf("horizon 7: %v", err)
	}
	checkModes(t, dir)
	if failures.Load() != 0 {
		t.Fatal("unexpected failure event")
	}
	// A second service on the same directory loads version 1 without training.
	s2 := newTestService(t, dir, func(context.Context) (*Universe, error) { return u, nil }, &failures)
	if p2, err := s2.Predict(context.Background(), "AX", 5); err != nil || p2.ModelVersion != 1 || s2.Training() {
		t.Fatalf("reload: %+v %v", p2.ModelVersion, err)
	}
	v, err := s2.Retrain(context.Background(), nil)
	if err != nil || v.Version != 2 || !v.Current {
		t.Fatalf("retrain: %+v %v", v, err)
	}
	st, err := s2.Status(context.Background())
	if err != nil || len(st.Versions) != 2 || st.Versions[0].Version != 2 || !st.Versions[0].Current {
		t.Fatalf("status %+v %v", st, err)
	}
}

// checkModes asserts owner-only modes on every model directory and file.
func checkModes(t *testing.T, dir string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, info.Mode().Perm(), want)
		}
		n++
		return nil
	})
	if err != nil || n < 4 {
		t.Fatalf("walk: %v (%d entries)", err, n)
	}
	log, err := os.ReadFile(filepath.Join(dir, "v000001", "training.log"))
	if err != nil || !strings.Contains(string(log), "horizon 21") {
		t.Fatalf("training log: %v %q", err, log)
	}
}

func TestTrainingFailureIsReported(t *testing.T) {
	var failures atomic.Int32
	s := newTestService(t, t.TempDir(), func(context.Context) (*Universe, error) {
		return nil, errors.New("no market data")
	}, &failures)
	if _, err := s.Retrain(context.Background(), nil); err == nil {
		t.Fatal("retrain without data succeeded")
	}
	if failures.Load() != 1 {
		t.Fatalf("%d failure events, want 1", failures.Load())
	}
	short := mustUniverse(t, synthSeries(2, 100, 1)) // shorter than the lookback
	s2 := newTestService(t, t.TempDir(), func(context.Context) (*Universe, error) { return short, nil }, &failures)
	if _, err := s2.Retrain(context.Background(), nil); err == nil || failures.Load() != 2 {
		t.Fatalf("short data: %v, %d events", err, failures.Load())
	}
}

func TestModelStorePrunes(t *testing.T) {
	st, err := OpenModelStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for range KeepVersions + 2 {
		if err := st.Save(&Bundle{}, "log"); err != nil {
			t.Fatal(err)
		}
	}
	vs, _ := st.Versions()
	if len(vs) != KeepVersions || vs[0] != 3 || vs[len(vs)-1] != KeepVersions+2 {
		t.Fatalf("versions %v", vs)
	}
}
