package model

import "time"

// MaxStressSets is the number of stress sets a user may save.
const MaxStressSets = 50

// StressSet is a user's saved hypothetical stress set. Spec is its JSON
// definition, validated by the caller before saving.
type StressSet struct {
	ID        string
	Name      string
	Spec      string
	CreatedAt time.Time
}
