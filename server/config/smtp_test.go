package config

import (
	"io"
	"strings"
	"testing"
)

func TestSMTPFromEnv(t *testing.T) {
	t.Parallel()
	const pw = "smtp-secret-pw-123"
	for _, tc := range []struct {
		name    string
		env     map[string]string
		enabled bool
		wantErr string
	}{
		{"off by default", nil, false, ""},
		{"relay", map[string]string{"FORTFOLIO_SMTP_ADDR": "127.0.0.1:25", "FORTFOLIO_SMTP_FROM": "noreply@example.com"}, true, ""},
		{"with auth", map[string]string{"FORTFOLIO_SMTP_ADDR": "smtp.example.com:587", "FORTFOLIO_SMTP_FROM": "noreply@example.com",
			"FORTFOLIO_SMTP_USER": "u", "FORTFOLIO_SMTP_PASSWORD": pw}, true, ""},
		{"no port", map[string]string{"FORTFOLIO_SMTP_ADDR": "smtp.example.com", "FORTFOLIO_SMTP_FROM": "noreply@example.com"}, false, "host:port"},
		{"no from", map[string]string{"FORTFOLIO_SMTP_ADDR": "h:25"}, false, "FORTFOLIO_SMTP_FROM"},
		{"bad from", map[string]string{"FORTFOLIO_SMTP_ADDR": "h:25", "FORTFOLIO_SMTP_FROM": "nope"}, false, "FORTFOLIO_SMTP_FROM"},
		{"password without user", map[string]string{"FORTFOLIO_SMTP_ADDR": "h:25", "FORTFOLIO_SMTP_FROM": "a@b.c",
			"FORTFOLIO_SMTP_PASSWORD": pw}, false, "go together"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(nil, func(k string) string { return tc.env[k] }, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || strings.Contains(err.Error(), pw) {
					t.Fatalf("err = %v, want %q without the password", err, tc.wantErr)
				}
				return
			}
			if err != nil || c.SMTP.Enabled() != tc.enabled {
				t.Fatalf("err %v enabled %v", err, c.SMTP.Enabled())
			}
		})
	}
}
