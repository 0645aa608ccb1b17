// Package cli is the fortfolio command line and the one place where the
// server is wired together: serve (default), admin, backup, audit, alerts, migrate, version.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Version is set at build time with -ldflags "-X .../server/cli.Version=...".
var Version = "dev"

// Env is the process environment; tests replace it.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv}
	slog.SetDefault(slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err := dispatch(ctx, env, args); err != nil {
		fmt.Fprintln(stderr, "fortfolio:", err)
		return 1
	}
	return 0
}

const usage = `usage: fortfolio <command> [flags]

commands:
  serve            run the server (default)
  admin create     create an administrator (--data DIR --username NAME --password-stdin)
  admin reset-password --data DIR --username NAME --password-stdin
  admin unlock     --data DIR --username NAME
  backup run|list|prune|restore --data DIR ...
  audit verify     --data DIR
  alerts run       --data DIR [--as-of YYYY-MM-DD]
  migrate sqlite-to-postgres --data DIR --database URL   move a stopped SQLite installation to PostgreSQL
  version          print the version`

func dispatch(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return serve(ctx, env, args)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, env, args[1:])
	case "admin":
		return admin(ctx, env, args[1:])
	case "backup":
		return backupCmd(ctx, env, args[1:])
	case "audit":
		return auditCmd(ctx, env, args[1:])
	case "alerts":
		return alertsCmd(ctx, env, args[1:])
	case "migrate":
		return migrateCmd(ctx, env, args[1:])
	case "version":
		fmt.Fprintln(env.Stdout, Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(env.Stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}
