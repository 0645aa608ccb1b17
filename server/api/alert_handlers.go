package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Audit actions of alert rules (the target is the rule id).
const (
	actionAlertCreate = "alert.rule.create"
	actionAlertUpdate = "alert.rule.update"
	actionAlertDelete = "alert.rule.delete"
	actionAlertTest   = "alert.rule.test"
	// actionTelegramCode: a Telegram link code was issued.
	actionTelegramCode = "alert.telegram.code"
)

// registerAlerts adds the alert rule, inbox, watchlist, channel and
// surge routes (see docs/alerts.md).
func (h *Handlers) registerAlerts(mux *http.ServeMux) {
	mux.Handle("GET "+wire.RouteAlerts, h.User(h.listAlerts))
	mux.Handle("POST "+wire.RouteAlerts, h.User(h.createAlert))
	mux.Handle("GET "+wire.RouteAlert, h.User(h.getAlert))
	mux.Handle("PUT "+wire.RouteAlert, h.User(h.updateAlert))
	mux.Handle("DELETE "+wire.RouteAlert, h.User(h.deleteAlert))
	mux.Handle("POST "+wire.RouteAlertTest, h.User(h.testAlert))
	mux.Handle("GET "+wire.RouteNotifications, h.User(h.inbox))
	mux.Handle("POST "+wire.RouteNotificationRead, h.User(h.markRead))
	mux.Handle("POST "+wire.RouteNotificationsRead, h.User(h.markAllRead))
	mux.Handle("GET "+wire.RouteWatchlist, h.User(h.watchlist))
	mux.Handle("PUT "+wire.RouteWatchlist, h.User(h.setWatchlist))
	mux.Handle("GET "+wire.RouteChannels, h.User(h.channels))
	mux.Handle("POST "+wire.RouteTelegramLink, h.User(h.telegramLink))
	mux.Handle("DELETE "+wire.RouteTelegram, h.User(h.telegramUnlink))
	mux.Handle("POST "+wire.RoutePush, h.User(h.pushSubscribe))
	mux.Handle("DELETE "+wire.RoutePush, h.User(h.pushUnsubscribe))
	mux.Handle("GET "+wire.RouteSurges, h.Compute(h.surges))
}

// alertError maps the alert service's errors.
func alertError(err error) *httpx.Error {
	var ae *validate.AlertError
	switch {
	case errors.As(err, &ae):
		return &httpx.Error{Status: http.StatusBadRequest, Code: "invalid_alert", Message: ae.Msg, Fields: map[string]string{ae.Field: ae.Msg}}
	case errors.Is(err, model.ErrAlertRuleLimit):
		return httpx.NewError(http.StatusConflict, "limit_reached", "You can save at most 100 alert rules.")
	case errors.Is(err, model.ErrPushLimit):
		return httpx.NewError(http.StatusConflict, "limit_reached", "At most 10 browsers can receive push alerts; disable push on one first.")
	case errors.Is(err, alerts.ErrTestLimited):
		return httpx.TooMany(10*time.Minute, "Too many test messages. Please wait a while.")
	case errors.Is(err, alerts.ErrNotConfigured):
		return httpx.NewError(http.StatusConflict, "not_configured", "This channel is not configured on this server.")
	case errors.Is(err, alerts.ErrBadSubscription):
		return httpx.BadRequest("Invalid push subscription.")
	case errors.Is(err, validate.ErrWatchlist):
		return httpx.BadRequest(err.Error())
	}
	return nil
}

func publicAlert(r model.AlertRule) wire.AlertRule { return r.AlertRule }

func (h *Handlers) listAlerts(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.Store.ListAlertRules(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	out := make([]wire.AlertRule, 0, len(rules))
	for _, x := range rules {
		out = append(out, publicAlert(x))
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// decodeAlert reads, validates and checks a rule body: the ticker must be
// in the market data, the portfolio the user's own (404 otherwise).
func (h *Handlers) decodeAlert(w http.ResponseWriter, r *http.Request) (wire.AlertRuleInput, error) {
	var in wire.AlertRuleInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return in, err
	}
	in, err := validate.AlertRule(in)
	if err != nil {
		return in, err
	}
	return in, h.checkAlertTargets(r.Context(), currentUser(r).ID, in)
}

func (h *Handlers) checkAlertTargets(ctx context.Context, userID string, in wire.AlertRuleInput) error {
	if in.Ticker != "" {
		if _, err := h.Market.Symbol(ctx, in.Ticker); errors.Is(err, market.ErrUnknownTicker) {
			return &validate.AlertError{Field: "ticker", Msg: "This ticker is not in the market data."}
		} else if err != nil {
			return err
		}
	}
	if in.PortfolioID != "" {
		if _, err := h.Store.GetPortfolio(ctx, userID, in.PortfolioID); err != nil {
			return err
		}
	}
	if in.Kind == wire.AlertWashSale {
		days, err := analytics.WashDaysAfter(in.Country)
		if err != nil {
			return &validate.AlertError{Field: "country", Msg: "This country's tax rules are not known: " + analytics.PublicReason(err)}
		}
		if days == 0 {
			return &validate.AlertError{Field: "country", Msg: "This country has no wash-sale window after a sale."}
		}
	}
	return nil
}

func (h *Handlers) createAlert(w http.ResponseWriter, r *http.Request) error {
	in, err := h.decodeAlert(w, r)
	if err != nil {
		return err
	}
	rule, err := h.Store.CreateAlertRule(r.Context(), currentUser(r).ID, in, h.now())
	if err != nil {
		return err
	}
	h.Audit(r, actionAlertCreate, rule.ID, map[string]string{"kind": rule.Kind})
	httpx.JSON(w, r, http.StatusCreated, publicAlert(rule))
	return nil
}

// alertOf loads the user's rule of the path (400 bad id, 404 not theirs).
func (h *Handlers) alertOf(r *http.Request) (model.AlertRule, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return model.AlertRule{}, err
	}
	return h.Store.GetAlertRule(r.Context(), currentUser(r).ID, id)
}

func (h *Handlers) getAlert(w http.ResponseWriter, r *http.Request) error {
	rule, err := h.alertOf(r)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, publicAlert(rule))
	return nil
}

func (h *Handlers) updateAlert(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.alertOf(r); err != nil {
		return err
	}
	in, err := h.decodeAlert(w, r)
	if err != nil {
		return err
	}
	rule, err := h.Store.UpdateAlertRule(r.Context(), currentUser(r).ID, r.PathValue("id"), in, h.now())
	if err != nil {
		return err
	}
	h.Audit(r, actionAlertUpdate, rule.ID, map[string]string{"kind": rule.Kind})
	httpx.JSON(w, r, http.StatusOK, publicAlert(rule))
	return nil
}

func (h *Handlers) deleteAlert(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteAlertRule(r.Context(), currentUser(r).ID, id); err != nil {
		return err
	}
	h.Audit(r, actionAlertDelete, id, nil)
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) testAlert(w http.ResponseWriter, r *http.Request) error {
	rule, err := h.alertOf(r)
	if err != nil {
		return err
	}
	res, err := h.Alerts.Test(r.Context(), currentUser(r).ID, rule)
	if err != nil {
		return err
	}
	h.Audit(r, actionAlertTest, rule.ID, nil)
	httpx.JSON(w, r, http.StatusOK, res)
	return nil
}

func (h *Handlers) inbox(w http.ResponseWriter, r *http.Request) error {
	in, err := h.Store.Inbox(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, in)
	return nil
}

func (h *Handlers) markRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Store.MarkRead(r.Context(), currentUser(r).ID, id, h.now()); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) markAllRead(w http.ResponseWriter, r *http.Request) error {
	if err := h.Store.MarkRead(r.Context(), currentUser(r).ID, "", h.now()); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) watchlist(w http.ResponseWriter, r *http.Request) error {
	t, err := h.Store.Watchlist(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.Watchlist{Tickers: t})
	return nil
}

// setWatchlist replaces the watchlist; every ticker must be in the
// market data.
func (h *Handlers) setWatchlist(w http.ResponseWriter, r *http.Request) error {
	var in wire.Watchlist
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	tickers, err := validate.Watchlist(in.Tickers)
	if err != nil {
		return err
	}
	for _, t := range tickers {
		if _, err := h.Market.Symbol(r.Context(), t); errors.Is(err, market.ErrUnknownTicker) {
			return httpx.BadRequest("Unknown ticker " + t + ": it is not in the market data.")
		} else if err != nil {
			return err
		}
	}
	if err := h.Store.SetWatchlist(r.Context(), currentUser(r).ID, tickers, h.now()); err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.Watchlist{Tickers: tickers})
	return nil
}

func (h *Handlers) channels(w http.ResponseWriter, r *http.Request) error {
	st, err := h.Alerts.Channels(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, st)
	return nil
}

func (h *Handlers) telegramLink(w http.ResponseWriter, r *http.Request) error {
	link, err := h.Alerts.LinkTelegram(r.Context(), currentUser(r).ID)
	if err != nil {
		if errors.Is(err, alerts.ErrNotConfigured) {
			return err
		}
		return httpx.Unavailable("telegram_unavailable", "Telegram cannot be reached right now. Please try again later.")
	}
	h.Audit(r, actionTelegramCode, currentUser(r).ID, nil)
	httpx.JSON(w, r, http.StatusCreated, link)
	return nil
}

func (h *Handlers) telegramUnlink(w http.ResponseWriter, r *http.Request) error {
	if err := h.Alerts.UnlinkTelegram(r.Context(), currentUser(r).ID); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) pushSubscribe(w http.ResponseWriter, r *http.Request) error {
	var in wire.PushSubscription
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if err := h.Alerts.Subscribe(r.Context(), currentUser(r).ID, in); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) pushUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	if err := h.Alerts.Unsubscribe(r.Context(), currentUser(r).ID); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

// surges answers GET /api/market/surges?date=YYYY-MM-DD (default: the
// last day of data) over the reference tickers and the user's watchlist.
func (h *Handlers) surges(w http.ResponseWriter, r *http.Request) error {
	date, err := h.Alerts.DataDate(r.Context())
	if err != nil {
		return unavailable
	}
	if s := r.URL.Query().Get("date"); s != "" {
		d, err := validate.Date(s)
		if err != nil {
			return httpx.BadRequest("Parameter date: use a date written YYYY-MM-DD.")
		}
		if d.After(date) {
			return httpx.BadRequest("Parameter date is after the last day of market data (" + date.Format(time.DateOnly) + ").")
		}
		date = d
	}
	watch, err := h.Store.Watchlist(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	rep, err := h.Alerts.Surges(r.Context(), date, watch)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, rep)
	return nil
}

// alertExport returns the user's rules and watchlist for the data export.
func (h *Handlers) alertExport(r *http.Request, userID string) ([]wire.AlertRule, []string, error) {
	rules, err := h.Store.ListAlertRules(r.Context(), userID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]wire.AlertRule, 0, len(rules))
	for _, x := range rules {
		out = append(out, publicAlert(x))
	}
	watch, err := h.Store.Watchlist(r.Context(), userID)
	return out, watch, err
}
