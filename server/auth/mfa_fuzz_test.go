package auth

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// FuzzSecondFactorCode checks the code validators: whatever they accept
// is exactly six ASCII digits or ten base32 characters, and a canonical
// form is accepted again unchanged.
func FuzzSecondFactorCode(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"123456", " 123 456 ", "ABCDE-FGHIJ", "abcde fghij", "1234567", "", "１２３４５６", "ABCDE-FGHI1", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if c, ok := normalTOTP(in); ok {
			seen.Reached()
			if len(c) != 6 || strings.Trim(c, "0123456789") != "" {
				t.Fatalf("normalTOTP(%q) = %q", in, c)
			}
			if again, ok := normalTOTP(c); !ok || again != c {
				t.Fatalf("canonical %q not stable", c)
			}
		}
		if c, ok := normalRecovery(in); ok {
			seen.Reached()
			if len(c) != recoveryLen || strings.Trim(c, recoveryAlphabet) != "" {
				t.Fatalf("normalRecovery(%q) = %q", in, c)
			}
			if again, ok := normalRecovery(c[:5] + "-" + c[5:]); !ok || again != c {
				t.Fatalf("shown form of %q not accepted", c)
			}
		}
	})
}
