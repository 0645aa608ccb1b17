// Package jobs runs slow compute requests (optimisation, model retraining)
// in the background with bounded concurrency. Each job belongs to an
// owner; other owners cannot see it. Jobs have unguessable ids, a per-job
// timeout, a per-owner cap on unfinished jobs, and expire a while after
// they finish.
//
// A job is a kind and a payload (the validated request); every node
// registers an Executor per kind. On one node (SQLite) the Registry runs
// jobs in this process; on several nodes (PostgreSQL) the Queue keeps them
// in a shared table, where any node's workers claim them.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Status is the state of a job.
type Status string

// Job states.
const (
	StatusQueued  Status = "queued"
	StatusRunning Status = "running"
	StatusDone    Status = "done"
	StatusFailed  Status = "failed"
	StatusTimeout Status = "timeout"
)

// Errors returned by Submit.
var (
	// ErrTooManyJobs means the owner has too many unfinished jobs (HTTP 429).
	ErrTooManyJobs = errors.New("jobs: too many unfinished jobs")
	// ErrBusy means the global queue is full (HTTP 429 or 503).
	ErrBusy = errors.New("jobs: queue full")
	// ErrClosed means the registry is shutting down (HTTP 503).
	ErrClosed = errors.New("jobs: registry closed")
	// ErrInvalid means a bad owner, kind, timeout or nil function.
	ErrInvalid = errors.New("jobs: invalid job")
)

// GenericFailure is the error message of a failed job whose error is not a
// PublicError: internals never reach the client.
const GenericFailure = "The computation failed."

// TimeoutMessage is the error message of a timed-out job.
const TimeoutMessage = "The computation took too long and was stopped."

// PublicError is an error whose message is safe to show to the job's owner
// (e.g. "infeasible constraints"). Wrap with Public.
type PublicError struct{ Msg string }

// Error returns the public message.
func (e *PublicError) Error() string { return e.Msg }

// Public returns an error whose message is shown to the job's owner.
func Public(msg string) error { return &PublicError{Msg: msg} }

// Job is a snapshot of a job. Result is set when Status is done; Error holds
// a public message when failed or timed out.
type Job struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status Status `json:"status"`
	Result any    `json:"result,omitempty"`
	// Progress is the share of the work done, in [0, 1], for jobs that
	// report it (ReportProgress); 0 otherwise.
	Progress   float64    `json:"progress,omitempty"`
	Error      string     `json:"error,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	owner      string
}

// Finished reports whether the job reached a final state.
func (j Job) Finished() bool {
	return j.Status == StatusDone || j.Status == StatusFailed || j.Status == StatusTimeout
}

// settle records the outcome of the job's function at now: its result,
// or a public message for its error (internals never reach the client).
func (j *Job) settle(v any, err error, now time.Time) {
	j.FinishedAt = &now
	var pub *PublicError
	switch {
	case err == nil:
		j.Status, j.Result, j.Progress = StatusDone, v, 1
	case errors.Is(err, context.DeadlineExceeded):
		j.Status, j.Error = StatusTimeout, TimeoutMessage
	case errors.As(err, &pub):
		j.Status, j.Error = StatusFailed, pub.Msg
	default:
		j.Status, j.Error = StatusFailed, GenericFailure
	}
}

// newID returns a random 128-bit URL-safe id (22 characters of
// [A-Za-z0-9_-]).
func newID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("jobs: random id: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// progressKey carries a running job's progress setter in its context.
type progressKey struct{}

// ReportProgress records the share of work done (clamped to [0, 1]) on the
// job whose context is ctx; it does nothing outside a job.
func ReportProgress(ctx context.Context, done float64) {
	if set, ok := ctx.Value(progressKey{}).(func(float64)); ok {
		set(min(max(done, 0), 1))
	}
}
