package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/shared/validate"
)

const alertsUsage = `usage:
  fortfolio alerts run --data DIR [--as-of YYYY-MM-DD]`

// alertsCmd runs one alert evaluation (for cron and tests) with the
// service's environment: the same channels, limits and audit log.
func alertsCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		return errors.New(alertsUsage)
	}
	fs := flag.NewFlagSet("alerts run", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", orDefault(env.Getenv("FORTFOLIO_DATA"), "./data"), "data directory")
	asOfS := fs.String("as-of", "", "evaluate as of this day (default: the last day of market data)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), alertsUsage)
	}
	var asOf time.Time
	if *asOfS != "" {
		d, err := validate.Date(*asOfS)
		if err != nil {
			return fmt.Errorf("--as-of %q is not a date written YYYY-MM-DD", *asOfS)
		}
		asOf = d
	}
	cfg, err := config.Load([]string{"--data", *data}, env.Getenv, env.Stderr)
	if err != nil {
		return err
	}
	if err := cfg.LoadSecrets(accountsIn(ctx, cfg.DataDir, cfg.DatabaseURL)); err != nil {
		return err
	}
	p, err := platform.New(ctx, cfg, platform.Options{Version: Version})
	if err != nil {
		return err
	}
	defer p.Close()
	sum, evalErr := p.Alerts.Evaluate(ctx, asOf)
	drainCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_ = p.Mail.Drain(drainCtx)
	fmt.Fprintf(env.Stdout, "alerts as of %s: %d rules of %d users, %d fired, %d cleared, %d failed, %d messages sent\n",
		sum.AsOf.Format(time.DateOnly), sum.Rules, sum.Users, sum.Fired, sum.Cleared, sum.Failed, sum.Deliveries)
	return evalErr
}
