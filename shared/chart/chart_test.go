package chart

import (
	"errors"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestTimeSeriesSVG(t *testing.T) {
	for _, c := range []struct {
		name    string
		title   string
		dates   []string
		ys      []float64
		area    bool
		wantErr bool
	}{
		{"value", `<x>&"`, []string{"2010-01-01", "2010-01-02", "2010-01-03"}, []float64{1, 2, 3}, false, false},
		{"drawdown", "dd", []string{"a", "b"}, []float64{0, -0.5}, true, false},
		{"one point", "x", []string{"a"}, []float64{1}, false, true},
		{"mismatch", "x", []string{"a"}, []float64{1, 2}, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := TimeSeries(c.title, c.dates, c.ys, c.area, Width, Height)
			if c.wantErr {
				if !errors.Is(err, ErrNoData) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			svg := p.SVG()
			if strings.Contains(svg, "<x>") || strings.HasPrefix(c.title, "<") && !strings.Contains(svg, "&lt;x&gt;&amp;&quot;") {
				t.Errorf("title not escaped: %s", svg)
			}
			if c.area != strings.Contains(svg, "<polygon") || len(p.Line) != len(c.ys) {
				t.Errorf("area/line mismatch: %s", svg)
			}
		})
	}
}

func TestEscapeDropsControls(t *testing.T) {
	if got := Escape("a\x00b\x1bc'd"); got != "abc&#39;d" {
		t.Fatalf("Escape = %q", got)
	}
}

// escapeReplacer is the earlier Escape, on strings.Replacer: the fuzz
// target holds the single-pass Escape to the same output.
func escapeReplacer(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// FuzzEscape compares Escape with a plain reference; the seeds need
// escaping, so the escaping paths are compared from the start.
func FuzzEscape(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"a\x00b\x1bc'd", `<a href="x">&amp;</a>`, "\xe2\xff\x82\xac", "\ufffd\ufffe\uffff\x7f", "tab\tnl\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Escape(s), escapeReplacer(s)
		if got != want {
			t.Fatalf("Escape(%q) = %q, want %q", s, got, want)
		}
		if got != s {
			seen.Reached()
		}
	})
}
