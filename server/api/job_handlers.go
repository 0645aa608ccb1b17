package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// The kinds of background jobs. A job is its kind and the validated
// request (its payload); the executor registered here rebuilds the work
// from the payload on whichever node runs it.
const (
	kindOptimize = "optimize"
	kindRetrain  = "model_retrain"
)

// registerJobKinds registers the executor of every job kind.
func (h *Handlers) registerJobKinds() {
	if h.Jobs == nil {
		return
	}
	h.Jobs.Register(kindOptimize, h.runOptimizeJob)
	h.Jobs.Register(kindRetrain, h.runRetrain)
}

// submitJob queues a job of kind for the signed-in user with the validated
// payload and answers 202 with its id (429 when the user or the server has
// too many jobs unfinished).
func (h *Handlers) submitJob(w http.ResponseWriter, r *http.Request, kind string, timeout time.Duration, payload any) error {
	j, err := h.Jobs.Enqueue(r.Context(), currentUser(r).ID, kind, timeout, payload)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusAccepted, wire.JobAccepted{JobID: j.ID})
	return nil
}

// job answers GET /api/jobs/{id}: the owner's job, 404 for anyone else.
func (h *Handlers) job(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, found := h.Jobs.Get(currentUser(r).ID, id)
	if !found {
		return httpx.NotFound()
	}
	httpx.JSON(w, r, http.StatusOK, j)
	return nil
}

// optimizeJob is the payload of an optimiser job.
type optimizeJob struct {
	Portfolio string               `json:"portfolio_id"`
	Request   wire.OptimizeRequest `json:"request"`
}

// runOptimizeJob is the executor of optimiser jobs: it validates the
// request again and loads the portfolio as it is now.
func (h *Handlers) runOptimizeJob(ctx context.Context, owner string, payload []byte) (any, error) {
	var in optimizeJob
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, fmt.Errorf("api: decode optimize job: %w", err)
	}
	spec, err := h.checkOptimize(in.Request)
	if err != nil {
		return nil, jobRefusal(err)
	}
	_, b, err := h.loadBookOf(ctx, owner, in.Portfolio)
	if err != nil {
		return nil, jobRefusal(err)
	}
	out, err := runOptimize(ctx, b, spec)
	return out, publicJobError(err)
}

// errPortfolioGone refuses a job whose portfolio was deleted after it was
// queued.
var errPortfolioGone = jobs.Public("The portfolio was deleted before the computation started.")

// jobRefusal words a refusal found when a queued job starts as the
// synchronous answer would (a deleted portfolio, a request no longer
// valid); other errors stay internal.
func jobRefusal(err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return errPortfolioGone
	}
	if e, ok := httpx.AsError(publicError(err)); ok && e.Status < http.StatusInternalServerError {
		return jobs.Public(e.Message)
	}
	return err
}
