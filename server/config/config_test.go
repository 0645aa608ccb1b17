package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
	}{
		{"defaults", nil, nil, ""},
		{"dev loopback", []string{"--dev"}, nil, ""},
		{"dev on public address", []string{"--dev", "--addr", "0.0.0.0:8000"}, nil, "--dev needs"},
		{"plain http public", []string{"--addr", "0.0.0.0:8000"}, nil, "plain HTTP"},
		{"plain http behind proxy", []string{"--addr", "0.0.0.0:8000", "--trusted-proxy", "10.0.0.1/32"}, nil, ""},
		{"bad proxy", []string{"--trusted-proxy", "nope"}, nil, "not a CIDR"},
		{"cert without key", []string{"--tls-cert", "c.pem"}, nil, "go together"},
		{"short secret", nil, map[string]string{"FORTFOLIO_JWT_SECRET": "short"}, "at least 32 bytes"},
		{"bad rate", []string{"--rate-api", "0"}, nil, "between 1 and 100000"},
		{"bad env rate", nil, map[string]string{"FORTFOLIO_RATE_GENERAL": "lots"}, "between 1 and 100000"},
		{"http-addr without tls", []string{"--http-addr", ":80"}, nil, "needs TLS"},
		{"bad backup time", []string{"--backup-at", "25:99"}, nil, "HH:MM"},
		{"stray argument", []string{"extra"}, nil, "unexpected argument"},
		{"user db cache", []string{"--user-db-cache", "500"}, nil, ""},
		{"user db sync normal", []string{"--user-db-sync", "normal"}, nil, ""},
		{"bad user db sync", nil, map[string]string{"FORTFOLIO_USER_DB_SYNC": "off"}, "--user-db-sync"},
		{"user db cache from env", nil, map[string]string{"FORTFOLIO_USER_DB_CACHE": "500"}, ""},
		{"negative user db cache", []string{"--user-db-cache", "-1"}, nil, "--user-db-cache"},
		{"bad env user db cache", nil, map[string]string{"FORTFOLIO_USER_DB_CACHE": "many"}, "--user-db-cache"},
		{"database", []string{"--database", "postgresql://app@db/f"}, nil, ""},
		{"database from env", nil, map[string]string{"FORTFOLIO_DATABASE_URL": "postgres://app@db/f"}, ""},
		{"database not postgres", []string{"--database", "mysql://app@db/f"}, nil, "--database must be a postgres:// URL"},
		{"database as a file path", nil, map[string]string{"FORTFOLIO_DATABASE_URL": "/var/lib/fortfolio.db"}, "--database must be a postgres:// URL"},
		{"backup database", []string{"--database", "postgres://app@db/f", "--backup-database", "postgres://backup@db/f"}, nil, ""},
		{"backup database from env", []string{"--database", "postgres://app@db/f"}, map[string]string{"FORTFOLIO_BACKUP_DATABASE_URL": "postgresql://backup@db/f"}, ""},
		{"backup database without database", []string{"--backup-database", "postgres://backup@db/f"}, nil, "--backup-database"},
		{"backup database not postgres", []string{"--database", "postgres://app@db/f", "--backup-database", "mysql://backup@db/f"}, nil, "--backup-database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.args, env(c.env), io.Discard)
			if c.wantErr == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("error %v, want %q", err, c.wantErr)
			}
		})
	}
}

func TestDefaultHostsFollowAddr(t *testing.T) {
	c, err := Load([]string{"--addr", "127.0.0.1:9123"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.AllowedHosts, ",") != "127.0.0.1:9123,localhost:9123,[::1]:9123" {
		t.Fatalf("hosts %v", c.AllowedHosts)
	}
}

func TestSecretsCreatedOnceWith0600(t *testing.T) {
	dir := t.TempDir()
	c := Config{DataDir: dir}
	if err := c.LoadSecrets(nil); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "secret"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode %v (%v)", st.Mode(), err)
	}
	again := Config{DataDir: dir}
	if err := again.LoadSecrets(nil); err != nil {
		t.Fatal(err)
	}
	if string(again.JWTSecret) != string(c.JWTSecret) || len(c.JWTSecret) < 32 || string(c.Pepper) == string(c.JWTSecret) {
		t.Fatal("secrets are not stable, long enough and distinct")
	}
	if err := os.WriteFile(filepath.Join(dir, "secret"), []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (&Config{DataDir: dir}).LoadSecrets(nil); err == nil {
		t.Fatal("a damaged secret file was accepted")
	}
}

// TestBackupDatabase: backups dump the --backup-database URL, else the
// --database one, else nothing (SQLite).
func TestBackupDatabase(t *testing.T) {
	for _, c := range []struct{ db, backup, want string }{
		{"", "", ""},
		{"postgres://app@db/f", "", "postgres://app@db/f"},
		{"postgres://app@db/f", "postgres://backup@db/f", "postgres://backup@db/f"},
	} {
		if got := (Config{DatabaseURL: c.db, BackupDatabaseURL: c.backup}).BackupDatabase(); got != c.want {
			t.Errorf("BackupDatabase(%q, %q) = %q, want %q", c.db, c.backup, got, c.want)
		}
	}
}
