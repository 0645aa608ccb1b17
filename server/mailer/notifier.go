package mailer

import (
	"context"
	"log/slog"
	"time"

	"github.com/fortfolio/fortfolio/server/store"
)

// subjects are the e-mail subjects of the notice kinds; other kinds get
// a generic one.
var subjects = map[string]string{ // #nosec G101 -- e-mail subjects, not credentials
	"admin_lock":     "Your Fortfolio account was locked",
	"admin_unlock":   "Your Fortfolio account was unlocked",
	"password_reset": "Your Fortfolio password was reset",
	"role_change":    "Your Fortfolio role was changed",
	"lockout":        "Your Fortfolio account was temporarily locked",
	"email_change":   "The e-mail address of your Fortfolio account was changed",
}

// Subject returns the e-mail subject of a notice kind.
func Subject(kind string) string {
	if s, ok := subjects[kind]; ok {
		return s
	}
	return "Fortfolio security notice"
}

const footer = "\n\n-- \nThis is an automatic security notice from your Fortfolio server. " +
	"You can remove your e-mail address on your Account page."

// Notifier queues an in-app notice and, when e-mail is configured and the
// user saved an address, sends the same text by e-mail. It is the one
// place the account and admin code notify users through.
type Notifier struct {
	Store *store.Store
	// Mail may be nil or disabled: notices are then in-app only.
	Mail *Mailer
}

// Notify stores the in-app notice, then queues the e-mail. Only the
// in-app part can fail; e-mail problems are logged and recorded by the
// Mailer and never undo the caller's action.
func (n *Notifier) Notify(ctx context.Context, userID, kind, message string, now time.Time) error {
	if err := n.Store.Notify(ctx, userID, kind, message, now); err != nil {
		return err
	}
	if !n.Mail.Enabled() {
		return nil
	}
	u, err := n.Store.UserByID(ctx, userID)
	if err != nil {
		n.Mail.cfg.Logger.Warn("mailer: recipient lookup failed", slog.String("user", userID), slog.Any("error", err))
		return nil
	}
	n.send(u.ID, u.Email, kind, message)
	return nil
}

// NotifyAddress stores the in-app notice and e-mails it to the address
// given instead of the one on file: the old address, when the address
// itself changes, so its owner learns of the change. An empty address
// sends no e-mail.
func (n *Notifier) NotifyAddress(ctx context.Context, userID, to, kind, message string, now time.Time) error {
	if err := n.Store.Notify(ctx, userID, kind, message, now); err != nil {
		return err
	}
	n.send(userID, to, kind, message)
	return nil
}

func (n *Notifier) send(userID, to, kind, message string) {
	if to == "" || !n.Mail.Enabled() {
		return
	}
	n.Mail.Send(Message{UserID: userID, To: to, Subject: Subject(kind), Body: message + footer})
}
