package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// EventEvalFailure is the security event of a failed evaluation.
const EventEvalFailure = "alert_evaluation_failure"

// Summary counts what one evaluation did.
type Summary struct {
	AsOf       time.Time
	Users      int
	Rules      int
	Fired      int
	Cleared    int
	Failed     int
	Deliveries int
}

// Evaluate checks every active rule of every user at asOf (zero: the
// last day of market data) and delivers what fires. A rule fires when
// its condition holds while it is armed (or holds for a new fact, such as
// another ticker) and its cool-down since the last notification has
// passed; it re-arms when the condition clears. Rules that cannot be
// evaluated are counted, logged and reported as one security event; the
// others still run.
func (s *Service) Evaluate(ctx context.Context, asOf time.Time) (Summary, error) {
	if asOf.IsZero() {
		d, err := s.DataDate(ctx)
		if err != nil {
			s.event(ctx, EventEvalFailure, "", "alert evaluation: "+err.Error())
			return Summary{}, err
		}
		asOf = d
	}
	asOf = midnight(asOf)
	sum := Summary{AsOf: asOf}
	users, err := s.cfg.Store.AlertUsers(ctx)
	if err != nil {
		s.event(ctx, EventEvalFailure, "", "alert evaluation: "+err.Error())
		return sum, err
	}
	r := newRun(asOf)
	var firstErr error
	for _, u := range users {
		if err := ctx.Err(); err != nil {
			return sum, fmt.Errorf("alerts: evaluation stopped: %w", err)
		}
		if err := s.evaluateUser(ctx, r, u, &sum); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	s.log.InfoContext(ctx, "alerts: evaluation done", slog.String("as_of", day(asOf)), slog.Int("users", sum.Users),
		slog.Int("rules", sum.Rules), slog.Int("fired", sum.Fired), slog.Int("failed", sum.Failed))
	if sum.Failed > 0 {
		s.event(ctx, EventEvalFailure, "", fmt.Sprintf("alert evaluation of %s: %d of %d rules failed; first: %v", day(asOf), sum.Failed, sum.Rules, firstErr))
		return sum, fmt.Errorf("alerts: %d rules failed: %w", sum.Failed, firstErr)
	}
	return sum, nil
}

// evaluateUser runs one user's active rules.
func (s *Service) evaluateUser(ctx context.Context, r *run, userID string, sum *Summary) error {
	rules, err := s.cfg.Store.ListAlertRules(ctx, userID)
	if errors.Is(err, model.ErrUserDataMissing) {
		return nil
	}
	if err != nil {
		sum.Failed++
		return err
	}
	if len(rules) > 0 {
		sum.Users++
	}
	var firstErr error
	for _, rule := range rules {
		if rule.Paused {
			continue
		}
		sum.Rules++
		if err := s.evaluateOne(ctx, r, userID, rule, sum); err != nil {
			sum.Failed++
			s.log.WarnContext(ctx, "alerts: rule evaluation failed", slog.String("user", userID), slog.String("rule", rule.ID), slog.Any("error", err))
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	return firstErr
}

// evaluateOne checks one rule, applies the armed/fired transition and
// delivers a firing.
func (s *Service) evaluateOne(ctx context.Context, r *run, userID string, rule model.AlertRule, sum *Summary) error {
	c, err := s.evalRule(ctx, r, userID, rule)
	if errors.Is(err, model.ErrNotFound) {
		c, err = check{}, nil // the portfolio was deleted: nothing holds
	}
	if err != nil {
		return err
	}
	out := model.AlertOutcome{State: rule.State, FiredKey: rule.FiredKey, Value: c.Value, EvaluatedAt: s.cfg.Now()}
	switch {
	case !c.Holds:
		if rule.State == wire.AlertFired {
			sum.Cleared++
		}
		out.State, out.FiredKey = wire.AlertArmed, ""
	case rule.State == wire.AlertFired && rule.FiredKey == c.Key:
		// still holding: already notified
	case !cooledDown(rule, r.asOf):
		// holds, but the cool-down since the last notification runs
	default:
		out.State, out.FiredKey, out.FiredAt = wire.AlertFired, c.Key, r.asOf
		sum.Fired++
		sum.Deliveries += len(s.deliver(ctx, userID, rule, message{Rule: rule.AlertRule, Text: c.Text, Link: c.Link, At: r.asOf}).Sent)
	}
	return s.cfg.Store.SaveAlertOutcome(ctx, userID, rule.ID, out)
}

// cooledDown reports whether the rule's cool-down has passed since it last
// notified (measured in data time, the dates evaluated).
func cooledDown(rule model.AlertRule, asOf time.Time) bool {
	if rule.LastFiredAt == nil {
		return true
	}
	return asOf.Sub(*rule.LastFiredAt) >= time.Duration(rule.CooldownHours)*time.Hour
}

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
