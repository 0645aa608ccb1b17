package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"golang.org/x/time/rate"
)

// errNotShared is returned by the shared bucket calls on SQLite, where one
// node's own buckets are the whole truth.
var errNotShared = errors.New("store: rate buckets are shared on PostgreSQL only")

// takeTokenSQL refills the bucket for the time since its last use (capped
// at the burst) and takes a token when a whole one is there, in one
// statement: concurrent requests on any node queue on the row.
// (The casts fix the parameters' types: PostgreSQL would infer an
// integer rate from the arithmetic and lose the fraction.)
const takeTokenSQL = `INSERT INTO rate_buckets AS b (key, tokens, at, ok) VALUES (?1, CAST(?2 AS DOUBLE PRECISION) - 1, CAST(?3 AS BIGINT), 1)
	ON CONFLICT (key) DO UPDATE SET
		ok = CASE WHEN LEAST(?2, b.tokens + GREATEST(0, ?3 - b.at) * CAST(?4 AS DOUBLE PRECISION) / 1000.0) >= 1 THEN 1 ELSE 0 END,
		tokens = LEAST(?2, b.tokens + GREATEST(0, ?3 - b.at) * CAST(?4 AS DOUBLE PRECISION) / 1000.0)
			- CASE WHEN LEAST(?2, b.tokens + GREATEST(0, ?3 - b.at) * CAST(?4 AS DOUBLE PRECISION) / 1000.0) >= 1 THEN 1 ELSE 0 END,
		at = GREATEST(b.at, ?3)
	RETURNING ok, tokens`

// bucketIdle is how long an unused shared bucket is kept; every class
// refills within it, so forgetting it changes nothing.
const bucketIdle = 24 * time.Hour

// TakeToken takes one token from the shared bucket key (ratelimit.Shared).
func (s *Store) TakeToken(ctx context.Context, key string, limit rate.Limit, burst int, now time.Time) (bool, time.Duration, error) {
	if !s.shared {
		return false, 0, errNotShared
	}
	var ok int
	var tokens float64
	if err := s.db.QueryRowContext(ctx, takeTokenSQL, bucketKey(key), float64(burst), ms(now), float64(limit)).Scan(&ok, &tokens); err != nil {
		return false, 0, fmt.Errorf("store: take token: %w", err)
	}
	if rand.IntN(1024) == 0 { // #nosec G404 -- spreads the clean-up over calls; not security relevant
		if _, err := s.db.ExecContext(ctx, `DELETE FROM rate_buckets WHERE at < ?`, ms(now.Add(-bucketIdle))); err != nil {
			return false, 0, fmt.Errorf("store: trim rate buckets: %w", err)
		}
	}
	if ok == 1 {
		return true, 0, nil
	}
	wait := time.Minute
	if limit > 0 {
		wait = time.Duration(math.Ceil((1 - tokens) / float64(limit) * float64(time.Second)))
	}
	return false, wait, nil
}

// ForgetBucket drops the shared bucket key (ratelimit.Shared).
func (s *Store) ForgetBucket(ctx context.Context, key string) error {
	if !s.shared {
		return errNotShared
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rate_buckets WHERE key = ?`, bucketKey(key)); err != nil {
		return fmt.Errorf("store: forget rate bucket: %w", err)
	}
	return nil
}
