package model

import (
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxAlertRules is the number of alert rules a user may save.
const MaxAlertRules = 100

// ErrAlertRuleLimit is the ErrLimit of a user's alert rules.
var ErrAlertRuleLimit = fmt.Errorf("%w: alert rules", ErrLimit)

// ErrPushLimit is the ErrLimit of a user's push subscriptions.
var ErrPushLimit = fmt.Errorf("%w: push subscriptions", ErrLimit)

// AlertRule is a stored rule. FiredKey names the fact the rule last
// notified about (a sale, a set of surging tickers; empty for a plain
// threshold), so a new fact fires again while the rule is still fired.
type AlertRule struct {
	wire.AlertRule
	FiredKey string
}

// AlertOutcome is what one evaluation decided for a rule.
type AlertOutcome struct {
	State       string
	FiredKey    string
	Value       *float64
	FiredAt     time.Time // zero: unchanged
	EvaluatedAt time.Time
}
