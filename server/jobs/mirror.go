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
	// SaveJob stores the job's JSON snapshot, saved at now, until expires.
	// A finished snapshot is final: a later unfinished one does not
	// replace it.
	SaveJob(ctx context.Context, owner, id string, snapshot []byte, finished bool, now, expires time.Time) error
	// LoadJob returns the owner's snapshot of job id and when it was
	// saved, if one is stored and not expired.
	LoadJob(ctx context.Context, owner, id string, now time.Time) (snapshot []byte, saved time.Time, ok bool, err error)
}

// mirrorTimeout bounds one mirror call.
const mirrorTimeout = 2 * time.Second

// progressSaveEvery bounds how often a running job's progress is saved.
const progressSaveEvery = time.Second

// A running job's node saves its snapshot every heartbeatEvery; a running
// snapshot older than staleAfter belongs to a node that stopped, and the
// job is reported failed (StoppedMessage) instead of running forever.
var heartbeatEvery = 5 * time.Second // a variable for the tests

const staleAfter = 30 * time.Second

// StoppedMessage is the error of a job whose node stopped while it ran.
const StoppedMessage = "The server running this computation stopped; start it again."

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
	now := r.now()
	if err := r.cfg.Mirror.SaveJob(ctx, owner, j.ID, b, j.Finished(), now, now.Add(r.cfg.TTL)); err != nil {
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
	now := r.now()
	b, saved, ok, err := r.cfg.Mirror.LoadJob(ctx, ownerID, jobID, now)
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
	if !out.Finished() && now.Sub(saved) > staleAfter {
		out.Status, out.Error, out.FinishedAt = StatusFailed, StoppedMessage, &saved
	}
	return out, true
}

// heartbeat saves the running job's snapshot every heartbeatEvery until
// stop is closed, so other nodes can tell a running job from one whose
// node stopped.
func (r *Registry) heartbeat(j *Job, stop <-chan struct{}) {
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			r.mu.Lock()
			snap, done := *j, j.FinishedAt != nil
			r.mu.Unlock()
			if done {
				return
			}
			r.mirror(j.owner, snap)
		}
	}
}
