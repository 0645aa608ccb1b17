package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// submitJob starts fn as a job of the signed-in user and answers 202 with
// its id (429 when the user or the server has too many jobs running).
func (h *Handlers) submitJob(w http.ResponseWriter, r *http.Request, kind string, timeout time.Duration, fn func(context.Context) (any, error)) {
	u, _ := UserFrom(r.Context())
	j, err := h.Jobs.Submit(u.ID, kind, timeout, fn)
	switch {
	case errors.Is(err, jobs.ErrTooManyJobs):
		httpx.TooMany(w, 5*time.Second, "You already have computations running. Please wait for them to finish.")
	case errors.Is(err, jobs.ErrBusy):
		httpx.TooMany(w, 10*time.Second, "The server is busy. Please try again in a moment.")
	case errors.Is(err, jobs.ErrClosed):
		httpx.Error(w, http.StatusServiceUnavailable, "shutting_down", "The server is restarting. Please try again.")
	case err != nil:
		httpx.ServerError(w, r, err)
	default:
		httpx.JSON(w, http.StatusAccepted, wire.JobAccepted{JobID: j.ID})
	}
}

// job answers GET /api/jobs/{id}: the owner's job, 404 for anyone else.
func (h *Handlers) job(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	u, _ := UserFrom(r.Context())
	j, found := h.Jobs.Get(u.ID, id)
	if !found {
		httpx.NotFound(w)
		return
	}
	httpx.JSON(w, http.StatusOK, j)
}
