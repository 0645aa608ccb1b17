package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// dialog is the one modal dialog of the app (WAI-ARIA dialog pattern):
// on opening, focus moves to the element marked with dialogInitialFocus or
// else the first focusable element inside; Tab and Shift+Tab cycle inside
// the dialog; Escape closes it (OnClose); on closing, focus returns to the
// element that had it when the dialog opened (its opener).
type dialog struct {
	app.Compo
	IID       string
	Iclass    string
	Ititle    string
	IOnClose  func(ctx app.Context)
	IOnSubmit app.EventHandler
	Ibody     []app.UI

	opener app.Value
	keys   app.Func
}

// dialogInitialFocus marks the element a dialog focuses first, e.g. the
// Cancel button of a destructive confirmation:
// elButton().DataSet("initial-focus", dialogInitialFocus).
const dialogInitialFocus = "1"

// focusableSelector finds what Tab can reach inside a dialog.
const focusableSelector = `a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ` +
	`select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])`

// newDialog returns a dialog with the element id and the heading title.
func newDialog(id, title string) *dialog { return &dialog{IID: id, Ititle: title} }

// Class adds CSS classes to the dialog box.
func (d *dialog) Class(v string) *dialog { d.Iclass = v; return d }

// OnClose sets what Escape does (the same as the dialog's Cancel button).
func (d *dialog) OnClose(fn func(ctx app.Context)) *dialog { d.IOnClose = fn; return d }

// OnSubmit makes the dialog box a form with this submit handler.
func (d *dialog) OnSubmit(h app.EventHandler) *dialog { d.IOnSubmit = h; return d }

// Body sets the content under the heading.
func (d *dialog) Body(v ...app.UI) *dialog { d.Ibody = v; return d }

func (d *dialog) Render() app.UI {
	cls := "dialog"
	if d.Iclass != "" {
		cls += " " + d.Iclass
	}
	content := append([]app.UI{elH2().ID(d.IID + "-title").Text(d.Ititle)}, d.Ibody...)
	var box app.UI
	if d.IOnSubmit != nil {
		box = elForm().Class(cls).ID(d.IID).Attr("role", "dialog").Aria("modal", "true").
			Aria("labelledby", d.IID+"-title").OnSubmit(d.IOnSubmit).Body(content...)
	} else {
		box = elDiv().Class(cls).ID(d.IID).Attr("role", "dialog").Aria("modal", "true").
			Aria("labelledby", d.IID+"-title").Body(content...)
	}
	return divc("dialog-backdrop", box)
}

// OnMount remembers the opener and, once the dialog is in the document,
// moves focus into it and starts listening to the keyboard. The listener
// is a direct JavaScript one, not a go-app handler: go-app runs handlers
// after the event, too late to keep Tab from leaving the dialog.
func (d *dialog) OnMount(ctx app.Context) {
	if !app.IsClient {
		return
	}
	d.opener = app.Window().Get("document").Get("activeElement")
	ctx.Defer(func(ctx app.Context) {
		root := d.JSValue()
		if root == nil || !root.Truthy() {
			return
		}
		d.keys = app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				d.onKey(ctx, root, args[0])
			}
			return nil
		})
		root.Call("addEventListener", "keydown", d.keys)
		first := root.Call("querySelector", `[data-initial-focus="`+dialogInitialFocus+`"]`)
		if !first.Truthy() {
			first = root.Call("querySelector", focusableSelector)
		}
		if first.Truthy() {
			first.Call("focus")
		}
	})
}

// onKey closes on Escape and keeps Tab inside the dialog.
func (d *dialog) onKey(ctx app.Context, root, ev app.Value) {
	switch ev.Get("key").String() {
	case "Escape":
		ev.Call("preventDefault")
		if d.IOnClose != nil {
			ctx.Dispatch(func(ctx app.Context) { d.IOnClose(ctx) })
		}
	case "Tab":
		items := root.Call("querySelectorAll", focusableSelector)
		n := items.Length()
		if n == 0 {
			ev.Call("preventDefault")
			return
		}
		first, last := items.Index(0), items.Index(n-1)
		active := app.Window().Get("document").Get("activeElement")
		inside := root.Call("contains", active).Bool()
		switch {
		case ev.Get("shiftKey").Bool() && (!inside || active.Equal(first)):
			ev.Call("preventDefault")
			last.Call("focus")
		case !ev.Get("shiftKey").Bool() && (!inside || active.Equal(last)):
			ev.Call("preventDefault")
			first.Call("focus")
		}
	}
}

// OnDismount stops listening and gives focus back to the opener when it
// is still on the page.
func (d *dialog) OnDismount() {
	if d.keys != nil {
		if root := d.JSValue(); root != nil && root.Truthy() {
			root.Call("removeEventListener", "keydown", d.keys)
		}
		d.keys.Release()
		d.keys = nil
	}
	if d.opener != nil && d.opener.Truthy() && d.opener.Get("isConnected").Bool() {
		d.opener.Call("focus")
	}
	d.opener = nil
}
