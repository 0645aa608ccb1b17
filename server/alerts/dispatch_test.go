package alerts

import (
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestMessageCarriesTheFacts(t *testing.T) {
	t.Parallel()
	m := message{Rule: wire.AlertRule{AlertRuleInput: wire.AlertRuleInput{Name: "Core drawdown", Kind: wire.AlertDrawdown}},
		Text: "The portfolio is 21.00% below its peak.", Link: "/portfolios/p1", At: time.Date(2017, 12, 29, 0, 0, 0, 0, time.UTC)}
	want := "The portfolio is 21.00% below its peak.\nRule: Core drawdown (drawdown). Data date: 2017-12-29.\nOpen: https://folio.example/portfolios/p1"
	if got := m.body("https://folio.example"); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
	if got := m.body(""); !strings.HasSuffix(got, "\nOpen: /portfolios/p1") {
		t.Errorf("inbox body %q", got)
	}
	if m.title() != "Fortfolio alert: Core drawdown" {
		t.Errorf("title %q", m.title())
	}
	m.Test = true
	if m.title() != "Fortfolio test: Core drawdown" {
		t.Errorf("test title %q", m.title())
	}
}
