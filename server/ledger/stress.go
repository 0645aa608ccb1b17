package ledger

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// MaxStressItems caps the scenarios, saved sets and ad-hoc sets of one
// stress request.
const MaxStressItems = 20

// InputError is a request the ledger refuses; Msg is meant for the user.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// invalidStressSet is the refusal of a stress set the engine rejects.
func invalidStressSet(err error) error {
	return &InputError{Msg: "Invalid stress set: " + analytics.PublicReason(err)}
}

// Scenarios returns the historical windows the market data covers;
// replaying a window outside it would show a meaningless zero.
func (s *Service) Scenarios() []wire.Scenario {
	first, last, err := s.source().DataRange()
	out := []wire.Scenario{}
	for _, sc := range analytics.HistoricalScenarios() {
		start, err1 := time.Parse(time.DateOnly, sc.Start)
		end, err2 := time.Parse(time.DateOnly, sc.End)
		if err != nil || err1 != nil || err2 != nil || start.Before(first) || end.After(last) {
			continue
		}
		out = append(out, sc)
	}
	return out
}

// scenario returns the available scenario with the given id.
func (s *Service) scenario(id string) (wire.Scenario, bool) {
	for _, sc := range s.Scenarios() {
		if sc.ID == id {
			return sc, true
		}
	}
	return wire.Scenario{}, false
}

// StressSets returns the user's saved stress sets, oldest first.
func (s *Service) StressSets(ctx context.Context, userID string) ([]wire.SavedStressSet, error) {
	rows, err := s.store.ListStressSets(ctx, userID)
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

// SaveStressSet validates a stress set and saves it for the user
// (model.ErrStressSetLimit beyond model.MaxStressSets).
func (s *Service) SaveStressSet(ctx context.Context, userID string, set wire.StressSet) (wire.SavedStressSet, error) {
	if err := analytics.ValidateStressSet(set); err != nil {
		return wire.SavedStressSet{}, invalidStressSet(err)
	}
	spec, err := json.Marshal(set)
	if err != nil {
		return wire.SavedStressSet{}, fmt.Errorf("ledger: encode stress set: %w", err)
	}
	row, err := s.store.CreateStressSet(ctx, userID, set.Name, string(spec), s.now())
	if err != nil {
		return wire.SavedStressSet{}, err
	}
	return wire.SavedStressSet{ID: row.ID, CreatedAt: row.CreatedAt.Format(time.DateOnly), Set: set}, nil
}

// DeleteStressSet removes one of the user's stress sets.
func (s *Service) DeleteStressSet(ctx context.Context, userID, id string) error {
	return s.store.DeleteStressSet(ctx, userID, id)
}

// StressPlan is a validated list of scenarios and sets to run.
type StressPlan struct {
	Scenarios []wire.Scenario
	Sets      []wire.StressSet
}

// PlanStress validates a stress request of the user; an empty request
// runs every available scenario, the default sets and the user's saved
// sets.
func (s *Service) PlanStress(ctx context.Context, userID string, in wire.StressRequest) (StressPlan, error) {
	if len(in.ScenarioIDs) > MaxStressItems || len(in.SetIDs) > MaxStressItems || len(in.Sets) > MaxStressItems {
		return StressPlan{}, &InputError{Msg: "At most 20 scenarios, saved sets and custom sets per request."}
	}
	saved, err := s.StressSets(ctx, userID)
	if err != nil {
		return StressPlan{}, err
	}
	if len(in.ScenarioIDs)+len(in.SetIDs)+len(in.Sets) == 0 {
		p := StressPlan{Scenarios: s.Scenarios(), Sets: analytics.DefaultStressSets()}
		for _, set := range saved {
			p.Sets = append(p.Sets, set.Set)
		}
		return p, nil
	}
	var p StressPlan
	for _, id := range in.ScenarioIDs {
		sc, ok := s.scenario(id)
		if validate.ID(id) != nil || !ok {
			return StressPlan{}, &InputError{Msg: "Unknown scenario id, or a window the market data does not cover."}
		}
		p.Scenarios = append(p.Scenarios, sc)
	}
	for _, id := range in.SetIDs {
		set, ok := savedSet(saved, id)
		if validate.ID(id) != nil || !ok {
			return StressPlan{}, &InputError{Msg: "Unknown stress set id."}
		}
		p.Sets = append(p.Sets, set)
	}
	for _, set := range in.Sets {
		if err := analytics.ValidateStressSet(set); err != nil {
			return StressPlan{}, invalidStressSet(err)
		}
		p.Sets = append(p.Sets, set)
	}
	return p, nil
}

// savedSet finds a saved set by id.
func savedSet(saved []wire.SavedStressSet, id string) (wire.StressSet, bool) {
	for _, s := range saved {
		if s.ID == id {
			return s.Set, true
		}
	}
	return wire.StressSet{}, false
}

// Run runs the plan on a portfolio's book.
func (p StressPlan) Run(b *portfolioanalytics.Book) ([]wire.StressResult, error) {
	in, err := b.StressInput()
	if err != nil {
		return nil, err
	}
	out := []wire.StressResult{}
	for _, sc := range p.Scenarios {
		res, err := analytics.Replay(in, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	for _, set := range p.Sets {
		res, err := analytics.Shock(in, set)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}
