package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LoadSecrets fills JWTSecret and Pepper from DATA/secret and DATA/pepper
// when the environment did not give them, creating each file with 48 random
// bytes (mode 0600) on first run.
func (c *Config) LoadSecrets() error {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("config: create data dir: %w", err)
	}
	var err error
	if len(c.JWTSecret) == 0 {
		if c.JWTSecret, err = loadOrCreateSecret(filepath.Join(c.DataDir, "secret")); err != nil {
			return err
		}
	}
	if len(c.Pepper) == 0 {
		if c.Pepper, err = loadOrCreateSecret(filepath.Join(c.DataDir, "pepper")); err != nil {
			return err
		}
	}
	if len(c.JWTSecret) < 32 {
		return errors.New("config: the JWT secret must be at least 32 bytes")
	}
	return nil
}

func loadOrCreateSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err == nil {
		secret, derr := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if derr != nil || len(secret) < 32 {
			return nil, fmt.Errorf("config: %s is damaged (want base64 of at least 32 bytes)", filepath.Base(path))
		}
		return secret, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("config: read %s: %w", filepath.Base(path), err)
	}
	secret := make([]byte, 48)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("config: random secret: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return nil, fmt.Errorf("config: create %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(secret) + "\n"); err != nil {
		return nil, fmt.Errorf("config: write %s: %w", filepath.Base(path), err)
	}
	return secret, f.Sync()
}
