package analytics

import (
	"errors"
	"fmt"
)

// Error is an analytics failure of one kind (ErrInvalidInput,
// ErrInfeasible, ErrNoConvergence, ErrNoHoldings) with a Reason that
// describes the input in words safe to show its owner: tickers, labels and
// numbers they sent, never internals. errors.Is(err, Kind) holds.
type Error struct {
	Kind   error
	Reason string
}

// Error is the reason with the package prefix, for logs.
func (e *Error) Error() string { return "analytics: " + e.describe() }

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Public is the reason and the kind as the end of a sentence for the user.
func (e *Error) Public() string { return e.describe() + "." }

func (e *Error) describe() string {
	if e.Reason == "" {
		return e.Kind.Error()
	}
	return e.Reason + ": " + e.Kind.Error()
}

// fail returns an *Error of kind with a formatted reason.
func fail(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Reason: fmt.Sprintf(format, args...)}
}

// InvalidInput returns an ErrInvalidInput error with a reason, for callers
// that refuse an input before the engine runs.
func InvalidInput(reason string) error {
	return &Error{Kind: ErrInvalidInput, Reason: reason}
}

// within puts what the error is about in front of its reason.
func within(what string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Kind: e.Kind, Reason: what + ": " + e.Reason}
	}
	return fmt.Errorf("analytics: %s: %w", what, err)
}

// PublicReason is the user-facing reason of an analytics error (ending with
// a full stop), or "" when err is not one.
func PublicReason(err error) string {
	var p interface{ Public() string }
	if errors.As(err, &p) {
		return p.Public()
	}
	for _, kind := range []error{ErrInvalidInput, ErrInfeasible, ErrNoConvergence, ErrNoHoldings} {
		if errors.Is(err, kind) {
			return kind.Error() + "."
		}
	}
	return ""
}
