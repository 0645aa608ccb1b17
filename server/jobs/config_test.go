package jobs

import (
	"testing"
	"time"
)

// TestStalenessDefaults: a heartbeat stays well within the staleness, so
// a live node's job is never taken over; production keeps 30 s and 5 s.
func TestStalenessDefaults(t *testing.T) {
	tests := []struct {
		name                string
		in                  Config
		wantStale, wantBeat time.Duration
	}{
		{name: "defaults", in: Config{}, wantStale: 30 * time.Second, wantBeat: 5 * time.Second},
		{name: "short staleness", in: Config{StaleAfter: 3 * time.Second}, wantStale: 3 * time.Second, wantBeat: 500 * time.Millisecond},
		{name: "long staleness", in: Config{StaleAfter: time.Hour}, wantStale: time.Hour, wantBeat: 5 * time.Second},
		{name: "explicit heartbeat", in: Config{StaleAfter: 3 * time.Second, HeartbeatEvery: time.Second}, wantStale: 3 * time.Second, wantBeat: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.in.withDefaults()
			if c.StaleAfter != tt.wantStale || c.HeartbeatEvery != tt.wantBeat {
				t.Fatalf("staleness %v heartbeat %v, want %v %v", c.StaleAfter, c.HeartbeatEvery, tt.wantStale, tt.wantBeat)
			}
		})
	}
}
