package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// adminFlags are the flags shared by the admin subcommands.
type adminFlags struct {
	data, username string
	database       string
	passwordStdin  bool
}

func parseAdminFlags(env Env, name string, args []string) (adminFlags, error) {
	var f adminFlags
	fs := flag.NewFlagSet("admin "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&f.data, "data", orDefault(env.Getenv("FORTFOLIO_DATA"), "./data"), "data directory")
	fs.StringVar(&f.database, "database", env.Getenv("FORTFOLIO_DATABASE_URL"), "PostgreSQL URL of a PostgreSQL installation (env FORTFOLIO_DATABASE_URL)")
	fs.StringVar(&f.username, "username", "", "account name")
	fs.BoolVar(&f.passwordStdin, "password-stdin", false, "read the password from standard input")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if f.username == "" {
		return f, errors.New("--username is required")
	}
	return f, nil
}

func admin(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: fortfolio admin create|reset-password|unlock --data DIR --username NAME [--password-stdin]")
	}
	f, err := parseAdminFlags(env, args[0], args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		return adminCreate(ctx, env, f)
	case "reset-password":
		return adminResetPassword(ctx, env, f)
	case "unlock":
		return adminUnlock(ctx, env, f)
	}
	return fmt.Errorf("unknown admin command %q", args[0])
}

// readPassword reads one line from stdin; the password is never echoed,
// printed or logged.
func readPassword(env Env, f adminFlags) (string, error) {
	if !f.passwordStdin {
		return "", errors.New("give the password on standard input with --password-stdin")
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	pw := strings.TrimRight(line, "\r\n")
	return pw, auth.CheckNewPassword(f.username, pw)
}

// openAdminStore opens the data directory (and the PostgreSQL database of
// a PostgreSQL installation) with its pepper and audit log.
func openAdminStore(ctx context.Context, env Env, f adminFlags) (*store.Store, *auth.Hasher, *audit.Log, error) {
	data := f.data
	cfg := config.Config{DataDir: data, Pepper: []byte(env.Getenv("FORTFOLIO_PEPPER")), JWTSecret: []byte(env.Getenv("FORTFOLIO_JWT_SECRET"))}
	if err := cfg.LoadSecrets(accountsIn(ctx, data, f.database)); err != nil {
		return nil, nil, nil, err
	}
	st, err := store.Open(ctx, data, store.WithDatabase(f.database))
	if err != nil {
		return nil, nil, nil, err
	}
	h, err := auth.NewHasher(cfg.Pepper, auth.BcryptCost)
	if err != nil {
		_ = st.Close()
		return nil, nil, nil, err
	}
	key, err := auditKey(env, data, "")
	if err != nil {
		_ = st.Close()
		return nil, nil, nil, err
	}
	lg, err := platform.OpenAudit(ctx, data, key, st)
	if err != nil {
		_ = st.Close()
		return nil, nil, nil, err
	}
	if err := lg.Writable(); err != nil {
		_, _ = lg.Close(), st.Close()
		return nil, nil, nil, fmt.Errorf("the disk is full; nothing was changed: %w", err)
	}
	return st, h, lg, nil
}

func adminCreate(ctx context.Context, env Env, f adminFlags) error {
	if err := validate.Username(f.username); err != nil {
		return err
	}
	pw, err := readPassword(env, f)
	if err != nil {
		return err
	}
	st, h, lg, err := openAdminStore(ctx, env, f)
	if err != nil {
		return err
	}
	defer st.Close()
	defer lg.Close()
	hash, err := h.Hash(pw)
	if err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, f.username, hash, "admin", false, time.Now())
	if errors.Is(err, model.ErrUsernameTaken) {
		return fmt.Errorf("an account named %q exists already", f.username)
	}
	if err != nil {
		return err
	}
	if err := lg.Append(ctx, audit.Entry{Actor: "cli", Action: audit.ActionAdminUserCreate, Target: u.ID, Details: map[string]string{"username": u.Username, "role": "admin"}}); err != nil {
		return fmt.Errorf("done, but the audit entry was not written: %w", err)
	}
	fmt.Fprintf(env.Stdout, "created admin %s (id %s)\n", u.Username, u.ID)
	return nil
}

func adminResetPassword(ctx context.Context, env Env, f adminFlags) error {
	pw, err := readPassword(env, f)
	if err != nil {
		return err
	}
	st, h, lg, err := openAdminStore(ctx, env, f)
	if err != nil {
		return err
	}
	defer st.Close()
	defer lg.Close()
	u, err := st.UserByUsername(ctx, f.username)
	if err != nil {
		return fmt.Errorf("no account named %q", f.username)
	}
	hash, err := h.Hash(pw)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, u.ID, hash, false, time.Now()); err != nil {
		return err
	}
	if err := lg.Append(ctx, audit.Entry{Actor: "cli", Action: audit.ActionAdminUserReset, Target: u.ID}); err != nil {
		return fmt.Errorf("done, but the audit entry was not written: %w", err)
	}
	fmt.Fprintf(env.Stdout, "password of %s reset; its sessions have ended\n", u.Username)
	return nil
}

func adminUnlock(ctx context.Context, env Env, f adminFlags) error {
	st, _, lg, err := openAdminStore(ctx, env, f)
	if err != nil {
		return err
	}
	defer st.Close()
	defer lg.Close()
	u, err := st.UserByUsername(ctx, f.username)
	if err != nil {
		return fmt.Errorf("no account named %q", f.username)
	}
	if err := st.Unlock(ctx, u.ID); err != nil {
		return err
	}
	if err := lg.Append(ctx, audit.Entry{Actor: "cli", Action: audit.ActionAdminUserUnlock, Target: u.ID}); err != nil {
		return fmt.Errorf("done, but the audit entry was not written: %w", err)
	}
	fmt.Fprintf(env.Stdout, "%s unlocked\n", u.Username)
	return nil
}
