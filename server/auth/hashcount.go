//go:build !js

package auth

import "sync/atomic"

// bcryptRuns counts the bcrypt operations a Hasher performed, so a test can
// prove that a refused login cost no hashing at all.
type bcryptRuns struct{ n atomic.Int64 }

func (c *bcryptRuns) add() { c.n.Add(1) }

// BcryptRuns returns how many bcrypt operations (hashes, checks and dummy
// checks) the hasher has performed since it was made.
func (h *Hasher) BcryptRuns() int64 { return h.runs.n.Load() }
