package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/fortfolio/fortfolio/server/audit"
)

func auditCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: fortfolio audit verify --data DIR")
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", orDefault(env.Getenv("FORTFOLIO_DATA"), "./data"), "data directory")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	res, err := audit.Verify(ctx, filepath.Join(*data, "audit"))
	if err != nil {
		return err
	}
	if res.Broken != nil {
		return fmt.Errorf("audit chain BROKEN at %s line %d: %s (%d entries verified before it)",
			res.Broken.File, res.Broken.Line, res.Broken.Reason, res.Entries)
	}
	fmt.Fprintf(env.Stdout, "audit chain OK: %d entries, last hash %s\n", res.Entries, res.LastHash)
	return nil
}
