package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// tableWrap is the box a wide table scrolls in. It takes keyboard focus so
// that keyboard users can scroll it too (arrow keys), and the first column
// stays in view while it scrolls (web/fortfolio.css).
func tableWrap() app.HTMLElem { return elDiv().Class("table-wrap").TabIndex(0) }

// numTh is the heading of a numeric column, aligned like its values.
func numTh(text string) app.UI { return thc("num", text) }
