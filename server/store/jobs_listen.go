package store

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// listenRetry is the wait before a lost LISTEN connection is opened again.
const listenRetry = 5 * time.Second

// JobWakeups returns a channel that receives after a job was queued or
// queued again on any node (LISTEN on a connection of its own), until ctx
// ends. A lost connection is opened again; meanwhile the queue's slow poll
// finds the work. On SQLite the channel never receives.
func (s *Store) JobWakeups(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	if s.listen == nil {
		return ch
	}
	go func() {
		failing := false
		for ctx.Err() == nil {
			err := s.listenJobs(ctx, ch, func() { failing = false })
			if ctx.Err() != nil {
				return
			}
			if !failing {
				slog.Warn("store: job notifications lost; polling until they are back", slog.Any("error", err))
				failing = true
			}
			select {
			case <-ctx.Done():
			case <-time.After(listenRetry):
			}
		}
	}()
	return ch
}

// listenJobs listens on jobsChannel until the connection fails or ctx
// ends, calling up once listening.
func (s *Store) listenJobs(ctx context.Context, ch chan<- struct{}, up func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.listen.Copy())
	if err != nil {
		return fmt.Errorf("store: listen for jobs: connect: %w", err)
	}
	defer func() {
		closing, cancel := context.WithTimeout(context.WithoutCancel(ctx), listenRetry)
		defer cancel()
		_ = conn.Close(closing)
	}()
	if _, err := conn.Exec(ctx, `LISTEN `+jobsChannel); err != nil {
		return fmt.Errorf("store: listen for jobs: %w", err)
	}
	up()
	select { // a job queued while the connection was down
	case ch <- struct{}{}:
	default:
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("store: listen for jobs: %w", err)
		}
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// NodeID names this node in the shared tables ("" on SQLite).
func (s *Store) NodeID() string { return s.node }
