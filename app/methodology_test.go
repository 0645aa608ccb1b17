//go:build !js

package ui

import (
	"os"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestMethodologyPageShowsDocs renders the page and checks it shows the
// document on disk: every section heading of docs/methodology.md, in order,
// at the place the renderer puts it, and nothing after the last block.
func TestMethodologyPageShowsDocs(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../docs/methodology.md")
	if err != nil {
		t.Fatal(err)
	}
	p := load(t, newMethodologyPage())
	card := at(pageMain, []int{1, 0})
	match(t, p, app.Elem("div").Class("methodology card").ID("methodology"), card...)
	headings, child := 0, 0
	blocks := parseMarkdown(string(b))
	for i := 0; i < len(blocks); i++ {
		switch blk := blocks[i]; blk.kind {
		case "h1":
			continue
		case "h2":
			match(t, p, app.Elem("h2"), at(card, []int{child})...)
			match(t, p, app.Text(blk.text), at(card, []int{child, 0})...)
			headings++
		case "li":
			for i+1 < len(blocks) && blocks[i+1].kind == "li" {
				i++
			}
		}
		child++
	}
	if headings < 5 {
		t.Fatalf("docs/methodology.md has %d sections, want the whole document", headings)
	}
	noMatch(t, p, app.Elem("p"), at(card, []int{child})...)
	noMatch(t, p, app.Elem("ul"), at(card, []int{child})...)
}

func TestParseMarkdown(t *testing.T) {
	blocks := parseMarkdown("# T\n\n## Sec\n\nA para\ncontinued.\n\n- item `x`\n  more\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n    r = 1\n")
	kinds := ""
	for _, b := range blocks {
		kinds += b.kind + " "
	}
	if kinds != "h1 h2 p li li table pre " {
		t.Fatalf("kinds = %q", kinds)
	}
	if blocks[2].text != "A para continued." || blocks[3].text != "item `x` more" || len(blocks[5].rows) != 2 {
		t.Fatalf("blocks = %+v", blocks)
	}
}
