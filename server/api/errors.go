package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/fx"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/ledger"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/stats"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// publicError is the one mapping from domain errors to what the client
// sees: it returns an *httpx.Error for every error with a public meaning
// and err itself (a 500 for httpx.WriteError) for the rest.
func publicError(err error) error {
	if _, ok := httpx.AsError(err); ok {
		return err
	}
	for _, m := range [](func(error) *httpx.Error){storageError, accountError, alertError, ledgerError, analysisError, marketError, serviceError, forecastError} {
		if e := m(err); e != nil {
			return e
		}
	}
	return err
}

// unavailable is the answer when the market data provider fails.
var unavailable = httpx.Unavailable("market_unavailable", "Market data is unavailable right now. Please try again later.")

// storageError maps a full disk (the failed write was rolled back: 507,
// nothing changed) and an account whose portfolio database vanished (503;
// it is never re-created and admins got a security event).
func storageError(err error) *httpx.Error {
	switch {
	case model.DiskFull(err):
		return httpx.InsufficientStorage()
	case errors.Is(err, model.ErrUserDataMissing):
		return httpx.Unavailable("user_data_missing", "Your portfolio data cannot be found on the server. Nothing was replaced: "+
			"an administrator has been alerted and can restore it from a backup.")
	}
	return nil
}

// accountError maps sign-in, session and account administration errors.
func accountError(err error) *httpx.Error {
	var limited *auth.RateLimitedError
	var input *auth.InputError
	switch {
	case errors.As(err, &limited):
		return httpx.TooMany(limited.RetryAfter, limited.Error())
	case errors.Is(err, auth.ErrAdminLocked):
		return httpx.NewError(http.StatusForbidden, "account_locked", err.Error())
	case errors.Is(err, auth.ErrBusy):
		return httpx.TooMany(0, err.Error())
	case errors.Is(err, auth.ErrInvalidToken):
		return httpx.Unauthorized("Your session has ended. Please log in again.")
	case errors.Is(err, auth.ErrBadCredentials), errors.Is(err, auth.ErrSessionEnded):
		return httpx.Unauthorized(err.Error())
	case errors.Is(err, auth.ErrUsernameTaken):
		return httpx.Conflict(err.Error())
	case errors.Is(err, auth.ErrResume):
		return httpx.NewError(http.StatusUnauthorized, "resume_refused", err.Error())
	case errors.Is(err, auth.ErrProofRequired):
		return httpx.NewError(http.StatusUnauthorized, "proof_required", err.Error())
	case errors.Is(err, auth.ErrMFAToken):
		return httpx.NewError(http.StatusUnauthorized, "mfa_token_invalid", err.Error())
	case errors.Is(err, auth.ErrMFAFailed):
		return httpx.NewError(http.StatusUnauthorized, "mfa_failed", err.Error())
	case errors.Is(err, auth.ErrWrongCode):
		return httpx.NewError(http.StatusBadRequest, "wrong_code", err.Error())
	case errors.Is(err, auth.ErrNotEnrolled), errors.Is(err, auth.ErrAlreadyEnabled):
		return httpx.Conflict(err.Error())
	case errors.Is(err, auth.ErrSetupExpired):
		return httpx.NewError(http.StatusConflict, "setup_expired", err.Error())
	case errors.Is(err, auth.ErrNoSetup):
		return httpx.NewError(http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, auth.ErrPasskeysOff), errors.Is(err, auth.ErrPasskeyLimit):
		return httpx.Conflict(err.Error())
	case errors.Is(err, auth.ErrPasskeyFailed):
		return httpx.NewError(http.StatusUnauthorized, "passkey_failed", err.Error())
	case errors.Is(err, auth.ErrPasskeyCeremony):
		return httpx.NewError(http.StatusBadRequest, "passkey_expired", err.Error())
	case errors.Is(err, auth.ErrWrongPassword):
		return httpx.NewError(http.StatusBadRequest, "wrong_password", err.Error())
	case errors.As(err, &input):
		return httpx.BadRequest(input.Error())
	case errors.Is(err, model.ErrLastAdmin):
		return httpx.Conflict("This is the last administrator; promote another account first.")
	case errors.Is(err, model.ErrSelf):
		return httpx.Conflict("You cannot delete your own account from the admin panel.")
	}
	return nil
}

// ledgerError maps portfolio, transaction and stress set errors.
func ledgerError(err error) *httpx.Error {
	var fields validate.FieldErrors
	var change *ledger.HistoryError
	var input *ledger.InputError
	var pe *portfolio.PositionError
	switch {
	case errors.Is(err, model.ErrNotFound):
		return httpx.NotFound()
	case errors.Is(err, model.ErrStressSetLimit):
		return httpx.NewError(http.StatusConflict, "limit_reached", "You can save at most 50 stress sets.")
	case errors.Is(err, model.ErrLimit):
		return httpx.NewError(http.StatusConflict, "limit_reached", "Limit reached: at most 200 portfolios per user and 20,000 transactions per portfolio.")
	case errors.As(err, &fields):
		return &httpx.Error{Status: http.StatusBadRequest, Code: "invalid_transaction", Message: fields.Error(), Fields: fields}
	case errors.As(err, &change):
		return httpx.Conflict(change.Public())
	case errors.As(err, &input):
		return httpx.BadRequest(input.Msg)
	case errors.Is(err, ledger.ErrNoExamplePrices):
		return httpx.Unavailable("market_unavailable", "The market data has no prices for the example portfolio.")
	case errors.As(err, &pe):
		return httpx.NewError(http.StatusConflict, "position_conflict", pe.Msg)
	}
	return nil
}

// analysisError maps engine errors and market failures of an analysis.
func analysisError(err error) *httpx.Error {
	var bb errBadBenchmark
	switch {
	case errors.As(err, &bb) && errors.Is(err, market.ErrUnknownTicker):
		return httpx.FieldBadRequest("benchmark", "Unknown benchmark ticker: use EQW or a ticker of the market data.")
	case errors.Is(err, analytics.ErrNoHoldings):
		return httpx.NewError(http.StatusUnprocessableEntity, "no_holdings", "The portfolio holds nothing with market data in the selected period.")
	case errors.Is(err, analytics.ErrInfeasible):
		return httpx.NewError(http.StatusUnprocessableEntity, "infeasible", "The constraints cannot be met: "+analytics.PublicReason(err))
	case errors.Is(err, analytics.ErrNoConvergence):
		return httpx.NewError(http.StatusUnprocessableEntity, "no_convergence", "The optimiser did not converge for these inputs.")
	case errors.Is(err, analytics.ErrInvalidInput):
		return httpx.BadRequest("The request cannot be computed: " + analytics.PublicReason(err))
	case errors.Is(err, portfolioanalytics.ErrUnavailable):
		return unavailable
	case errors.Is(err, portfolioanalytics.ErrNoRates):
		return httpx.NewError(http.StatusUnprocessableEntity, "no_exchange_rate",
			"The exchange rates do not cover a date this portfolio needs converted to its base currency: "+noRatesReason(err))
	}
	return nil
}

// noRatesReason is the public part of an exchange rate error: the date
// and the covered range (fx's message), without internals.
func noRatesReason(err error) string {
	if errors.Is(err, fx.ErrOutOfRange) {
		_, after, _ := strings.Cut(err.Error(), fx.ErrOutOfRange.Error()+": ")
		return after + "."
	}
	return "an unknown currency."
}

// marketError maps market data errors: bad input 400, unknown ticker 404,
// provider down 503.
func marketError(err error) *httpx.Error {
	switch {
	case errors.Is(err, market.ErrInvalidInput):
		return httpx.BadRequest("Invalid market data request: check the ticker and the dates.")
	case errors.Is(err, market.ErrUnknownTicker):
		return httpx.NewError(http.StatusNotFound, "unknown_ticker", "This ticker is not in the market data.")
	case errors.Is(err, market.ErrUnavailable):
		return unavailable
	}
	return nil
}

// serviceError maps the background jobs, statistics and backup errors.
func serviceError(err error) *httpx.Error {
	switch {
	case errors.Is(err, jobs.ErrTooManyJobs):
		return httpx.TooMany(5*time.Second, "You already have computations running. Please wait for them to finish.")
	case errors.Is(err, jobs.ErrBusy):
		return httpx.TooMany(10*time.Second, "The server is busy. Please try again in a moment.")
	case errors.Is(err, jobs.ErrClosed):
		return httpx.Unavailable("shutting_down", "The server is restarting. Please try again.")
	case errors.Is(err, stats.ErrUnknownPath):
		return httpx.BadRequest("path must be a known page template.")
	case errors.Is(err, stats.ErrBadReferrer):
		return httpx.BadRequest("referrer must be a host name.")
	case errors.Is(err, stats.ErrBadScreen):
		return httpx.BadRequest("screen_width must be between 0 and 20000.")
	case errors.Is(err, backup.ErrExists):
		return httpx.Conflict("Too many backups were taken this very second. Try again in a moment.")
	}
	return nil
}
