//go:build !js

package ui

import (
	"os"
	"testing"
)

// TestMethodologyTextMatchesDocs keeps the page equal to the document.
func TestMethodologyTextMatchesDocs(t *testing.T) {
	b, err := os.ReadFile("../docs/methodology.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != methodologyText {
		t.Fatal("app/methodology-text.go differs from docs/methodology.md: regenerate it")
	}
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
