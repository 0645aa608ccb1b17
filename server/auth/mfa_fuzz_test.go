package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
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

// FuzzDeviceKey checks the device-key and proof decoders: an accepted
// key is a P-256 key that parses again from what is stored, and no
// signature text panics or verifies against a message it was not made for.
func FuzzDeviceKey(f *testing.F) {
	seen := fuzzseed.Require(f)
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	good := base64.RawURLEncoding.EncodeToString(der)
	f.Add(good, strings.Repeat("A", 86))
	f.Add(good[:40], "")
	f.Add("", "x")
	f.Add("***", strings.Repeat("*", 86))
	f.Fuzz(func(t *testing.T, key, sig string) {
		stored, err := ParseDeviceKey(key)
		if err != nil || stored == nil {
			return
		}
		seen.Reached()
		if _, err := deviceKey(stored); err != nil {
			t.Fatalf("accepted key does not parse again: %v", err)
		}
		if verifyProof(stored, "a message never signed", sig) {
			t.Fatalf("signature %q verified an unsigned message", sig)
		}
	})
}
