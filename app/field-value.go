package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// setFieldValue writes v into the input or textarea with the given id.
// go-app drops an empty value attribute instead of setting it, which
// leaves whatever the user typed in the field; a form that resets its
// fields to "" (after a save, or when it switches to another record) must
// therefore clear them itself.
func setFieldValue(id, v string) {
	if !app.IsClient || id == "" {
		return
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() || el.Get("value").String() == v {
		return
	}
	el.Set("value", v)
}
