package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// notice is the message box of a form or panel: an "alert" div, with
// "alert-<kind>" when kind is set (error, ok, warn), the given id when set,
// and text as its only text node. It is nil, which go-app leaves out of the
// page, when text is empty, so callers pass their message field unchanged.
func notice(kind, id, text string) app.UI {
	if text == "" {
		return nil
	}
	class := "alert"
	if kind != "" {
		class += " alert-" + kind
	}
	return divID(class, id, text)
}

// fieldNotice is the message under one input: a "field-error" div, nil
// when msg is empty.
func fieldNotice(id, msg string) app.UI {
	if msg == "" {
		return nil
	}
	return divID("field-error", id, msg)
}
