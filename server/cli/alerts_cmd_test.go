package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestAlertsRunCommand: one evaluation from the command line fires a
// price rule once (in-app), a second run sends nothing, and a bad date
// is refused.
func TestAlertsRunCommand(t *testing.T) {
	data := t.TempDir()
	id := seedData(t, data)
	ctx := context.Background()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAlertRule(ctx, id, wire.AlertRuleInput{Name: "AAPL", Kind: wire.AlertPriceAbove, Ticker: "AAPL",
		Threshold: 100, Channels: []string{wire.ChannelInApp}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for i, want := range []string{"1 fired", "0 fired"} {
		out, err := runAlertsCLI(t, "--data", data, "--as-of", "2017-12-29")
		if err != nil || !strings.Contains(out, "alerts as of 2017-12-29: 1 rules of 1 users, "+want) {
			t.Fatalf("run %d: %v %s", i, err, out)
		}
	}
	st, err = store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in, err := st.Inbox(ctx, id)
	if err != nil || len(in.Items) != 1 || !strings.Contains(in.Items[0].Message, "AAPL closed at 169.23 on 2017-12-29") {
		t.Fatalf("inbox %+v %v", in, err)
	}
	rules, _ := st.ListAlertRules(ctx, id)
	if len(rules) != 1 || rules[0].State != wire.AlertFired {
		t.Fatalf("rules %+v", rules)
	}
	if out, err := runAlertsCLI(t, "--data", data, "--as-of", "2017-02-30"); err == nil {
		t.Fatalf("bad date accepted: %s", out)
	}
	if _, err := runCLI(t, "alerts", "evaluate"); err == nil {
		t.Fatal("unknown subcommand accepted")
	}
}

// runAlertsCLI runs "alerts run" with the service's secrets in the
// environment, as a cron job would have them.
func runAlertsCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	vars := map[string]string{"FORTFOLIO_PEPPER": strings.Repeat("p", 32), "FORTFOLIO_JWT_SECRET": strings.Repeat("s", 32)}
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(k string) string { return vars[k] }}
	err := dispatch(context.Background(), env, append([]string{"alerts", "run"}, args...))
	return out.String(), err
}
