package auth

import (
	"errors"
	"testing"
)

func TestCommonPasswordListIsLarge(t *testing.T) {
	if n := CommonPasswordCount(); n < 10_000 {
		t.Fatalf("the common-password list has %d entries, want at least 10,000", n)
	}
}

func TestCheckNewPasswordRefusesVariants(t *testing.T) {
	cases := []struct {
		name, username, password string
		want                     error
	}{
		{"substitution and symbol", "alice", "Passw0rd!", ErrCommonPassword},
		{"trailing symbol", "alice", "letmein!", ErrCommonPassword},
		{"season and year", "alice", "Summer2024!", ErrCommonPassword},
		{"leading year", "alice", "2024Summer", ErrCommonPassword},
		{"at sign and dollar", "alice", "P@$$w0rd2024", ErrCommonPassword},
		{"one for l", "alice", "he11o123!", ErrCommonPassword},
		{"trailing substituted letter", "alice", "HELL0!!!", ErrCommonPassword},
		{"upper case", "alice", "QWERTYUIOP", ErrCommonPassword},
		{"digits only", "alice", "12345678", ErrCommonPassword},
		{"field word", "alice", "Bitcoin1!", ErrCommonPassword},
		{"short season", "alice", "Fall2025!", ErrCommonPassword},
		{"username", "charlotte88", "Charlotte88!", ErrPasswordHasName},
		{"username inside", "trader.joe", "my-trader.joe-pass", ErrPasswordHasName},
		{"short username as core", "bob", "bob2024!!", ErrPasswordHasName},
		{"product name", "alice", "Fortfolio2024!", ErrPasswordHasName},
		{"product name substituted", "alice", "myF0rtf0l10vault", ErrPasswordHasName},
		{"passphrase", "alice", "violet tractor harbour", nil},
		{"random", "alice", "k9#Vq2!mZt", nil},
		{"short username elsewhere", "bob", "gobble turnip bobcat", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckNewPassword(c.username, c.password)
			if c.want == nil {
				if err != nil {
					t.Fatalf("CheckNewPassword(%q) = %v, want accepted", c.password, err)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, c.want) {
				t.Fatalf("CheckNewPassword(%q) = %v, want %v", c.password, err, c.want)
			}
		})
	}
}

func BenchmarkIsCommonPassword(b *testing.B) {
	CommonPasswordCount()
	for b.Loop() {
		IsCommonPassword("Summer2024!")
	}
}
