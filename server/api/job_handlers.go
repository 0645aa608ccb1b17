package api

import (
	"context"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// submitJob starts fn as a job of the signed-in user and answers 202 with
// its id (429 when the user or the server has too many jobs running).
func (h *Handlers) submitJob(w http.ResponseWriter, r *http.Request, kind string, timeout time.Duration, fn func(context.Context) (any, error)) error {
	j, err := h.Jobs.Submit(currentUser(r).ID, kind, timeout, fn)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusAccepted, wire.JobAccepted{JobID: j.ID})
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
	httpx.JSON(w, http.StatusOK, j)
	return nil
}
