package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

const alertColumns = `id, name, kind, ticker, portfolio_id, threshold, country, channels, cooldown_hours, paused,
	state, fired_key, last_value, last_fired_at, last_evaluated_at, created_at, updated_at, probability, horizon`

// scanAlert reads one alert_rules row.
func scanAlert(row interface{ Scan(...any) error }) (model.AlertRule, error) {
	var r model.AlertRule
	var channels string
	var last sql.NullFloat64
	var fired, evaluated, created, updated int64
	if err := row.Scan(&r.ID, &r.Name, &r.Kind, &r.Ticker, &r.PortfolioID, &r.Threshold, &r.Country, &channels,
		&r.CooldownHours, &r.Paused, &r.State, &r.FiredKey, &last, &fired, &evaluated, &created, &updated, &r.Probability, &r.Horizon); err != nil {
		return r, err
	}
	r.Channels = strings.Split(channels, ",")
	if last.Valid {
		v := last.Float64
		r.LastValue = &v
	}
	r.LastFiredAt, r.LastEvaluatedAt = optTime(fired), optTime(evaluated)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return r, nil
}

func optTime(v int64) *time.Time {
	if v == 0 {
		return nil
	}
	t := fromMS(v)
	return &t
}

// ListAlertRules returns the user's alert rules, oldest first.
func (s *Store) ListAlertRules(ctx context.Context, userID string) ([]model.AlertRule, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT `+alertColumns+` FROM alert_rules ORDER BY created_at, rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: list alert rules: %w", err)
	}
	return collect(rows, "list alert rules", func(r *sql.Rows) (model.AlertRule, error) { return scanAlert(r) })
}

// GetAlertRule returns one of the user's rules or model.ErrNotFound.
func (s *Store) GetAlertRule(ctx context.Context, userID, id string) (model.AlertRule, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return model.AlertRule{}, err
	}
	defer done()
	r, err := scanAlert(db.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alert_rules WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return model.AlertRule{}, model.ErrNotFound
	}
	if err != nil {
		return model.AlertRule{}, fmt.Errorf("store: get alert rule: %w", err)
	}
	return r, nil
}

// CreateAlertRule saves a validated rule, armed, with a fresh id; at most
// model.MaxAlertRules per user (model.ErrAlertRuleLimit).
func (s *Store) CreateAlertRule(ctx context.Context, userID string, in wire.AlertRuleInput, now time.Time) (model.AlertRule, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.AlertRule{}, err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return model.AlertRule{}, fmt.Errorf("store: create alert rule: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM alert_rules`).Scan(&n); err != nil {
		return model.AlertRule{}, fmt.Errorf("store: create alert rule: %w", err)
	}
	if n >= model.MaxAlertRules {
		return model.AlertRule{}, model.ErrAlertRuleLimit
	}
	id, at := NewID(), ms(now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO alert_rules (id, name, kind, ticker, portfolio_id, threshold, country,
		channels, cooldown_hours, paused, created_at, updated_at, probability, horizon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, in.Name, in.Kind, in.Ticker, in.PortfolioID, in.Threshold, in.Country, strings.Join(in.Channels, ","),
		in.CooldownHours, in.Paused, at, at, in.Probability, in.Horizon); err != nil {
		return model.AlertRule{}, fmt.Errorf("store: create alert rule: %w", err)
	}
	r, err := scanAlert(tx.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alert_rules WHERE id = ?`, id))
	if err != nil {
		return model.AlertRule{}, fmt.Errorf("store: create alert rule: %w", err)
	}
	return r, tx.Commit()
}

// UpdateAlertRule replaces a rule's definition. A changed condition
// (kind, target or threshold) re-arms it; pausing keeps its state.
func (s *Store) UpdateAlertRule(ctx context.Context, userID, id string, in wire.AlertRuleInput, now time.Time) (model.AlertRule, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.AlertRule{}, err
	}
	defer done()
	res, err := db.ExecContext(ctx, `UPDATE alert_rules SET
		state = CASE WHEN kind = ? AND ticker = ? AND portfolio_id = ? AND threshold = ? AND country = ?
			AND probability = ? AND horizon = ? THEN state ELSE 'armed' END,
		fired_key = CASE WHEN kind = ? AND ticker = ? AND portfolio_id = ? AND threshold = ? AND country = ?
			AND probability = ? AND horizon = ? THEN fired_key ELSE '' END,
		name = ?, kind = ?, ticker = ?, portfolio_id = ?, threshold = ?, country = ?, channels = ?, cooldown_hours = ?,
		paused = ?, updated_at = ?, probability = ?, horizon = ? WHERE id = ?`,
		in.Kind, in.Ticker, in.PortfolioID, in.Threshold, in.Country, in.Probability, in.Horizon,
		in.Kind, in.Ticker, in.PortfolioID, in.Threshold, in.Country, in.Probability, in.Horizon,
		in.Name, in.Kind, in.Ticker, in.PortfolioID, in.Threshold, in.Country, strings.Join(in.Channels, ","), in.CooldownHours,
		in.Paused, ms(now), in.Probability, in.Horizon, id)
	if err := affectedOne(res, err, "update alert rule"); err != nil {
		return model.AlertRule{}, err
	}
	r, err := scanAlert(db.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alert_rules WHERE id = ?`, id))
	if err != nil {
		return model.AlertRule{}, fmt.Errorf("store: update alert rule: %w", err)
	}
	return r, nil
}

// DeleteAlertRule removes one of the user's rules or returns ErrNotFound.
func (s *Store) DeleteAlertRule(ctx context.Context, userID, id string) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	res, err := db.ExecContext(ctx, `DELETE FROM alert_rules WHERE id = ?`, id)
	return affectedOne(res, err, "delete alert rule")
}

// SaveAlertOutcome stores what an evaluation decided for a rule.
func (s *Store) SaveAlertOutcome(ctx context.Context, userID, id string, o model.AlertOutcome) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	var last any
	if o.Value != nil {
		last = *o.Value
	}
	var fired any // NULL keeps the last firing time
	if v := ms0(o.FiredAt); v != 0 {
		fired = v
	}
	_, err = db.ExecContext(ctx, `UPDATE alert_rules SET state = ?, fired_key = ?, last_value = ?,
		last_fired_at = COALESCE(?, last_fired_at), last_evaluated_at = ? WHERE id = ?`,
		o.State, o.FiredKey, last, fired, ms(o.EvaluatedAt), id)
	if err != nil {
		return fmt.Errorf("store: save alert outcome: %w", err)
	}
	return nil
}

// ms0 is ms with 0 for the zero time.
func ms0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// AlertUsers returns the ids of the accounts whose portfolio database
// exists: the only ones that can hold alert rules.
func (s *Store) AlertUsers(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM users WHERE data_created = 1 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: alert users: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: alert users: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Watchlist returns the user's watched tickers, sorted.
func (s *Store) Watchlist(ctx context.Context, userID string) ([]string, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT ticker FROM watchlist ORDER BY ticker`)
	if err != nil {
		return nil, fmt.Errorf("store: watchlist: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: watchlist: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetWatchlist replaces the user's watchlist with validated tickers.
func (s *Store) SetWatchlist(ctx context.Context, userID string, tickers []string, now time.Time) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set watchlist: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.dialect(`DELETE FROM watchlist WHERE ticker NOT IN (SELECT value FROM json_each(?))`,
		`DELETE FROM watchlist WHERE ticker NOT IN (SELECT jsonb_array_elements_text(?::jsonb))`), jsonList(tickers)); err != nil {
		return fmt.Errorf("store: set watchlist: %w", err)
	}
	for _, t := range tickers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO watchlist (ticker, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, t, ms(now)); err != nil {
			return fmt.Errorf("store: set watchlist: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set watchlist: %w", err)
	}
	return nil
}

// jsonList encodes validated tickers (letters, digits, '.', '-') as a
// JSON array for json_each.
func jsonList(items []string) string {
	return `["` + strings.Join(items, `","`) + `"]`
}
