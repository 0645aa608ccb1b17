package jobs

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"
)

// Mirror keeps snapshots of jobs where every node reads them (the
// PostgreSQL backend's jobs table): a job runs on the node that accepted
// it, and its status and result can be polled on any node.
type Mirror interface {
	// SaveJob stores the job's JSON snapshot until expires. A finished
	// snapshot is final: a later unfinished one does not replace it.
	SaveJob(ctx context.Context, owner, id string, snapshot []byte, finished bool, expires time.Time) error
	// LoadJob returns the owner's snapshot of job id, if one is stored
	// and not expired.
	LoadJob(ctx context.Context, owner, id string, now time.Time) ([]byte, bool, error)
}

// mirrorTimeout bounds one mirror call.
const mirrorTimeout = 2 * time.Second

// progressSaveEvery bounds how often a running job's progress is saved.
const progressSaveEvery = time.Second

// mirror saves a snapshot of j taken under r.mu; call it without the lock.
func (r *Registry) mirror(owner string, j Job) {
	if r.cfg.Mirror == nil {
		return
	}
	b, err := json.Marshal(j)
	if err != nil {
		slog.Error("jobs: snapshot not encoded", slog.String("job", j.ID), slog.Any("error", err))
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), mirrorTimeout)
	defer cancel()
	if err := r.cfg.Mirror.SaveJob(ctx, owner, j.ID, b, j.Finished(), r.now().Add(r.cfg.TTL)); err != nil {
		slog.Error("jobs: snapshot not saved; other nodes cannot see the job", slog.String("job", j.ID), slog.Any("error", err))
	}
}

// loadMirrored reads a job another node runs or ran.
func (r *Registry) loadMirrored(ownerID, jobID string) (Job, bool) {
	if r.cfg.Mirror == nil {
		return Job{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), mirrorTimeout)
	defer cancel()
	b, ok, err := r.cfg.Mirror.LoadJob(ctx, ownerID, jobID, r.now())
	if err != nil {
		slog.Error("jobs: mirrored job not read", slog.String("job", jobID), slog.Any("error", err))
		return Job{}, false
	}
	if !ok {
		return Job{}, false
	}
	var j struct {
		Job
		Result json.RawMessage `json:"result,omitempty"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		slog.Error("jobs: mirrored job not decoded", slog.String("job", jobID), slog.Any("error", err))
		return Job{}, false
	}
	out := j.Job
	if len(j.Result) > 0 {
		out.Result = j.Result
	}
	return out, true
}
