package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/fortfolio/fortfolio/server/model"
)

// AddStatsHit adds one page view to the day, page and dimension counters in
// one transaction.
func (s *Store) AddStatsHit(ctx context.Context, h model.StatsHit) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: stats hit: %w", err)
	}
	defer tx.Rollback()
	if err := addStatsHit(ctx, tx, h); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: stats hit: %w", err)
	}
	return nil
}

func addStatsHit(ctx context.Context, tx *sql.Tx, h model.StatsHit) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO stats_days (day, views, visitors) VALUES (?, 1, ?)
		ON CONFLICT(day) DO UPDATE SET views = stats_days.views + 1, visitors = stats_days.visitors + excluded.visitors`, h.Day, b2i(h.NewVisitor))
	if err != nil {
		return fmt.Errorf("store: stats day: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO stats_pages (day, path, views, uniques) VALUES (?, ?, 1, ?)
		ON CONFLICT(day, path) DO UPDATE SET views = stats_pages.views + 1, uniques = stats_pages.uniques + excluded.uniques`, h.Day, h.Path, b2i(h.NewPageVisitor))
	if err != nil {
		return fmt.Errorf("store: stats page: %w", err)
	}
	for dim, value := range h.Dims {
		_, err = tx.ExecContext(ctx, `INSERT INTO stats_dims (day, dim, value, count) VALUES (?, ?, ?, 1)
			ON CONFLICT(day, dim, value) DO UPDATE SET count = stats_dims.count + 1`, h.Day, dim, value)
		if err != nil {
			return fmt.Errorf("store: stats %s: %w", dim, err)
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// StatsDays returns the days with traffic in [from, to], oldest first
// (Key and Day are the day).
func (s *Store) StatsDays(ctx context.Context, from, to string) ([]model.StatsRow, error) {
	return s.statsRows(ctx, `SELECT day, 'day', day, views, visitors FROM stats_days
		WHERE day BETWEEN ? AND ? ORDER BY day`, from, to)
}

// StatsTopPages returns the most viewed paths over [from, to].
func (s *Store) StatsTopPages(ctx context.Context, from, to string, limit int) ([]model.StatsRow, error) {
	return s.statsRows(ctx, `SELECT '', 'page', path, SUM(views) AS v, SUM(uniques) FROM stats_pages
		WHERE day BETWEEN ? AND ? GROUP BY path ORDER BY v DESC, path LIMIT ?`, from, to, limit)
}

// StatsTop returns the most counted values of one dimension over [from, to].
func (s *Store) StatsTop(ctx context.Context, dim, from, to string, limit int) ([]model.StatsRow, error) {
	return s.statsRows(ctx, `SELECT '', dim, value, SUM(count) AS c, 0 FROM stats_dims
		WHERE dim = ? AND day BETWEEN ? AND ? GROUP BY dim, value ORDER BY c DESC, value LIMIT ?`, dim, from, to, limit)
}

// StatsExport returns every aggregate of [from, to] day by day: the day
// totals (kind "day"), the pages (kind "page") and the dimensions.
func (s *Store) StatsExport(ctx context.Context, from, to string) ([]model.StatsRow, error) {
	return s.statsRows(ctx, `SELECT day, 'day', '', views, visitors FROM stats_days WHERE day BETWEEN ?1 AND ?2
		UNION ALL SELECT day, 'page', path, views, uniques FROM stats_pages WHERE day BETWEEN ?1 AND ?2
		UNION ALL SELECT day, dim, value, count, 0 FROM stats_dims WHERE day BETWEEN ?1 AND ?2
		ORDER BY 1, 2, 3`, from, to)
}

func (s *Store) statsRows(ctx context.Context, query string, args ...any) ([]model.StatsRow, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stats query: %w", err)
	}
	defer rows.Close()
	var out []model.StatsRow
	for rows.Next() {
		var r model.StatsRow
		if err := rows.Scan(&r.Day, &r.Kind, &r.Key, &r.Views, &r.Uniques); err != nil {
			return nil, fmt.Errorf("store: stats scan: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stats rows: %w", err)
	}
	return out, nil
}

// DeleteStatsBefore removes every aggregate of days before day (YYYY-MM-DD)
// and returns how many rows went.
func (s *Store) DeleteStatsBefore(ctx context.Context, day string) (int64, error) {
	var total int64
	for table, query := range map[string]string{
		"stats_days":  "DELETE FROM stats_days WHERE day < ?",
		"stats_pages": "DELETE FROM stats_pages WHERE day < ?",
		"stats_dims":  "DELETE FROM stats_dims WHERE day < ?",
	} {
		res, err := s.db.ExecContext(ctx, query, day)
		if err != nil {
			return total, fmt.Errorf("store: stats retention %s: %w", table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
