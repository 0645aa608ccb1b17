package market

import "testing"

// TestCleanTextDropsBidiControls: provider-supplied names lose control
// and text-direction control characters before they are stored or shown.
func TestCleanTextDropsBidiControls(t *testing.T) {
	if got := cleanText(" Apple\u202E Inc\u2066.\u2069\x07 "); got != "Apple Inc." {
		t.Errorf("cleanText = %q", got)
	}
}
