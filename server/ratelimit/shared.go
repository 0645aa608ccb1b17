package ratelimit

import (
	"context"
	"encoding/hex"
	"log/slog"
	"time"

	"golang.org/x/time/rate"
)

// Shared keeps the per-user buckets where every node sees them (the
// PostgreSQL backend's rate_buckets table), so several nodes enforce one
// limit per user rather than one each.
type Shared interface {
	// TakeToken takes one token from the bucket key (limit tokens per
	// second, burst at most), reporting whether it had one and, when not,
	// how long until it will.
	TakeToken(ctx context.Context, key string, limit rate.Limit, burst int, now time.Time) (ok bool, retryAfter time.Duration, err error)
	// ForgetBucket drops the bucket key.
	ForgetBucket(ctx context.Context, key string) error
}

// sharedTimeout bounds one shared bucket operation; past it (or on any
// error) the node's own bucket decides, so a slow database never stalls
// requests and never switches limiting off.
const sharedTimeout = 2 * time.Second

// allowShared asks the shared buckets; ok is false with handled false when
// they could not answer.
func (u *UserLimiter) allowShared(k userKey, r Rule, now time.Time) (ok bool, retryAfter time.Duration, handled bool) {
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	ok, retryAfter, err := u.shared.TakeToken(ctx, sharedKey(k), r.Limit, r.Burst, now)
	if err != nil {
		// Once a minute at most: a database outage must not turn every
		// request into a log line.
		if last := u.sharedWarned.Load(); now.UnixNano()-last >= int64(time.Minute) && u.sharedWarned.CompareAndSwap(last, now.UnixNano()) {
			slog.Warn("ratelimit: shared buckets unavailable; this node's bucket decides", slog.Any("error", err))
		}
		return false, 0, false
	}
	return ok, retryAfter, true
}

// sharedKey is the bucket's name in the shared table: class, then the key
// (hex when hashed).
func sharedKey(k userKey) string {
	if k.hashed {
		return k.class + ":#" + hex.EncodeToString([]byte(k.key))
	}
	return k.class + ":" + k.key
}
