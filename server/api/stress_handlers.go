package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// maxStressItems caps the scenarios, saved sets and ad-hoc sets of one
// stress request.
const maxStressItems = 20

// stressScenarios answers GET /api/stress/scenarios.
func (h *Handlers) stressScenarios(w http.ResponseWriter, r *http.Request) error {
	httpx.JSON(w, http.StatusOK, wire.ScenarioList{Scenarios: h.availableScenarios(), Defaults: analytics.DefaultStressSets()})
	return nil
}

// availableScenarios keeps the historical windows the market data covers;
// replaying a window outside it would show a meaningless zero.
func (h *Handlers) availableScenarios() []wire.Scenario {
	first, last, err := h.source().DataRange()
	out := []wire.Scenario{}
	for _, s := range analytics.HistoricalScenarios() {
		start, err1 := time.Parse(time.DateOnly, s.Start)
		end, err2 := time.Parse(time.DateOnly, s.End)
		if err != nil || err1 != nil || err2 != nil || start.Before(first) || end.After(last) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// availableScenario returns the available scenario with the given id.
func (h *Handlers) availableScenario(id string) (wire.Scenario, bool) {
	for _, s := range h.availableScenarios() {
		if s.ID == id {
			return s, true
		}
	}
	return wire.Scenario{}, false
}

// savedSets returns the user's saved stress sets decoded.
func (h *Handlers) savedSets(r *http.Request) ([]wire.SavedStressSet, error) {
	rows, err := h.Store.ListStressSets(r.Context(), currentUser(r).ID)
	if err != nil {
		return nil, err
	}
	out := make([]wire.SavedStressSet, 0, len(rows))
	for _, row := range rows {
		var set wire.StressSet
		if err := json.Unmarshal([]byte(row.Spec), &set); err != nil {
			continue // a row this version cannot read is skipped, never shown half-parsed
		}
		out = append(out, wire.SavedStressSet{ID: row.ID, CreatedAt: row.CreatedAt.Format(time.DateOnly), Set: set})
	}
	return out, nil
}

// listStressSets answers GET /api/stress/sets.
func (h *Handlers) listStressSets(w http.ResponseWriter, r *http.Request) error {
	sets, err := h.savedSets(r)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, sets)
	return nil
}

// invalidStressSet is the answer to a stress set the engine refuses.
func invalidStressSet(err error) error {
	return httpx.BadRequest("Invalid stress set: " + analytics.PublicReason(err))
}

// createStressSet answers POST /api/stress/sets.
func (h *Handlers) createStressSet(w http.ResponseWriter, r *http.Request) error {
	var in wire.StressSet
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := analytics.ValidateStressSet(in); err != nil {
		return invalidStressSet(err)
	}
	spec, err := json.Marshal(in)
	if err != nil {
		return err
	}
	row, err := h.Store.CreateStressSet(r.Context(), currentUser(r).ID, in.Name, string(spec), h.now())
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, wire.SavedStressSet{ID: row.ID, CreatedAt: row.CreatedAt.Format(time.DateOnly), Set: in})
	return nil
}

// deleteStressSet answers DELETE /api/stress/sets/{id}.
func (h *Handlers) deleteStressSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteStressSet(r.Context(), currentUser(r).ID, id); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

// stressPlan is a validated list of scenarios and sets to run.
type stressPlan struct {
	scenarios []wire.Scenario
	sets      []wire.StressSet
}

// planStress validates a stress request; an empty request runs every
// built-in scenario, the default sets and the user's saved sets.
func (h *Handlers) planStress(r *http.Request, in wire.StressRequest) (stressPlan, error) {
	if len(in.ScenarioIDs) > maxStressItems || len(in.SetIDs) > maxStressItems || len(in.Sets) > maxStressItems {
		return stressPlan{}, httpx.BadRequest("At most 20 scenarios, saved sets and custom sets per request.")
	}
	saved, err := h.savedSets(r)
	if err != nil {
		return stressPlan{}, err
	}
	var p stressPlan
	if len(in.ScenarioIDs)+len(in.SetIDs)+len(in.Sets) == 0 {
		p.scenarios = h.availableScenarios()
		p.sets = analytics.DefaultStressSets()
		for _, s := range saved {
			p.sets = append(p.sets, s.Set)
		}
		return p, nil
	}
	for _, id := range in.ScenarioIDs {
		sc, ok := h.availableScenario(id)
		if validate.ID(id) != nil || !ok {
			return stressPlan{}, httpx.BadRequest("Unknown scenario id, or a window the market data does not cover.")
		}
		p.scenarios = append(p.scenarios, sc)
	}
	for _, id := range in.SetIDs {
		i := -1
		for j, s := range saved {
			if s.ID == id {
				i = j
			}
		}
		if validate.ID(id) != nil || i < 0 {
			return stressPlan{}, httpx.BadRequest("Unknown stress set id.")
		}
		p.sets = append(p.sets, saved[i].Set)
	}
	for _, s := range in.Sets {
		if err := analytics.ValidateStressSet(s); err != nil {
			return stressPlan{}, invalidStressSet(err)
		}
		p.sets = append(p.sets, s)
	}
	return p, nil
}

// runStress runs the plan on the book.
func runStress(b *portfolioanalytics.Book, p stressPlan) ([]wire.StressResult, error) {
	in, err := b.StressInput()
	if err != nil {
		return nil, err
	}
	out := []wire.StressResult{}
	for _, sc := range p.scenarios {
		res, err := analytics.Replay(in, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	for _, set := range p.sets {
		res, err := analytics.Shock(in, set)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
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
	plan, err := h.planStress(r, in)
	if err != nil {
		return err
	}
	_, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	res, err := runStress(b, plan)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, wire.StressResponse{Results: res})
	return nil
}
