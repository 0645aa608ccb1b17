package forecast

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market"

	"github.com/fortfolio/fortfolio/server/testenv"
)

// BenchmarkPredictWarm is one ticker's forecast request once a model is
// loaded: the service lookup and the JSON answer (the HTTP handler adds
// authentication, measured by auth.BenchmarkAuthenticate). The model is
// trained in the set-up on the embedded data with a sparse schedule.
func BenchmarkPredictWarm(b *testing.B) {
	e, err := market.NewEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewService(ServiceConfig{Dir: b.TempDir(), Train: TrainConfig{MinTrain: 504, Step: 1500},
		Universe: func(ctx context.Context) (*Universe, error) { return LoadUniverse(ctx, e) }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close(context.Background())
	if _, err := s.Retrain(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start := testenv.CPUTime()
	for b.Loop() {
		p, err := s.Predict(ctx, "AAPL", 5)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(p); err != nil {
			b.Fatal(err)
		}
	}
	testenv.ReportCPU(b, start, time.Millisecond)
}

// BenchmarkTrainEmbedded is a full production training run (walk-forward
// of every horizon and the final models) on the embedded data.
func BenchmarkTrainEmbedded(b *testing.B) {
	u := embeddedUniverseB(b)
	start := testenv.CPUTime()
	for b.Loop() {
		if _, err := Train(context.Background(), u, TrainConfig{}, nil, &strings.Builder{}); err != nil {
			b.Fatal(err)
		}
	}
	testenv.ReportCPU(b, start, time.Millisecond)
}

func embeddedUniverseB(b *testing.B) *Universe {
	e, err := market.NewEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	u, err := LoadUniverse(context.Background(), e)
	if err != nil {
		b.Fatal(err)
	}
	return u
}
