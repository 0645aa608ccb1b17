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

// ErrPepperMissing reports accounts without their pepper: a new pepper
// would silently lock every user out.
var ErrPepperMissing = errors.New("config: DATA/pepper is missing but accounts exist; a new pepper would lock every user out. " +
	"Restore the file from your newest backup (tar -xzf BACKUP.tar.gz -C DATA pepper; it is in every archive) " +
	"or set FORTFOLIO_PEPPER to the value in use, then start again")

// LoadSecrets fills JWTSecret and Pepper from DATA/secret and DATA/pepper
// when the environment did not give them, creating each file with 48 random
// bytes (mode 0600) on first run. accountsExist is asked before a pepper is
// created: with accounts it fails with ErrPepperMissing instead.
func (c *Config) LoadSecrets(accountsExist func() (bool, error)) error {
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
		if err := c.checkPepper(accountsExist); err != nil {
			return err
		}
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

// checkPepper fails when DATA/pepper is missing while accounts exist.
func (c *Config) checkPepper(accountsExist func() (bool, error)) error {
	_, err := os.Stat(filepath.Join(c.DataDir, "pepper"))
	if !errors.Is(err, fs.ErrNotExist) || accountsExist == nil {
		return nil
	}
	ok, err := accountsExist()
	if err != nil {
		return fmt.Errorf("config: check for accounts: %w", err)
	}
	if ok {
		return ErrPepperMissing
	}
	return nil
}
