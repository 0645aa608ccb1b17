package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// stressScenarios answers GET /api/stress/scenarios.
func (h *Handlers) stressScenarios(w http.ResponseWriter, r *http.Request) error {
	httpx.JSON(w, r, http.StatusOK, wire.ScenarioList{Scenarios: h.Ledger.Scenarios(), Defaults: analytics.DefaultStressSets()})
	return nil
}

// listStressSets answers GET /api/stress/sets.
func (h *Handlers) listStressSets(w http.ResponseWriter, r *http.Request) error {
	sets, err := h.Ledger.StressSets(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, sets)
	return nil
}

// createStressSet answers POST /api/stress/sets.
func (h *Handlers) createStressSet(w http.ResponseWriter, r *http.Request) error {
	var in wire.StressSet
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	saved, err := h.Ledger.SaveStressSet(r.Context(), currentUser(r).ID, in)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusCreated, saved)
	return nil
}

// deleteStressSet answers DELETE /api/stress/sets/{id}.
func (h *Handlers) deleteStressSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Ledger.DeleteStressSet(r.Context(), currentUser(r).ID, id); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

// stress answers POST /api/portfolios/{id}/stress.
func (h *Handlers) stress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.StressRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	plan, err := h.Ledger.PlanStress(r.Context(), currentUser(r).ID, in)
	if err != nil {
		return err
	}
	_, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	res, err := plan.Run(b)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.StressResponse{Results: res})
	return nil
}
