//go:build !js

package report

import (
	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/shared/api"
)

// metricsOf converts the engine's metrics to the shared type whose Value
// method looks metrics up by key.
func metricsOf(d Data) api.Metrics { return api.Metrics(d.Report.Metrics) }

// allocation is one allocation row.
type allocation struct {
	key           string
	value, weight float64
}

// toAlloc converts allocation rows.
func toAlloc(in []analytics.Allocation) []allocation {
	out := make([]allocation, len(in))
	for i, a := range in {
		out[i] = allocation{key: a.Key, value: a.Value, weight: a.Weight}
	}
	return out
}
