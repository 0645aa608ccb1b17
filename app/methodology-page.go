package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// methodologyPath is the analytics methodology (docs/methodology.md) as
// the server serves it. The client fetches it rather than compiling it in,
// which keeps 33 KB of text out of app.wasm (docs/performance.md, "Client
// size"); the service worker keeps it for offline use.
const methodologyPath = "/web/methodology.md"

// methodologySourceID is the inert <template> in which the server's
// prerendered page also carries the document's source. The client reads
// it to render the same document in its first frame: without it, the
// page would show "Loading" between go-app replacing the prerendered
// document and the fetch's answer, and a reader would lose the place
// they had scrolled to (docs/performance.md, "Lighthouse").
const methodologySourceID = "methodology-source"

// methodologyPage renders the analytics methodology as structured text
// components (headings, paragraphs, lists, tables, formulas), never raw
// HTML. The server's prerendered page carries the document it embeds
// (embeddedMethodology); the client takes it from that page, or, when it
// came to the page by navigation, loads it from methodologyPath.
type methodologyPage struct {
	compo
	src    string
	status loadStatus
}

func newMethodologyPage() *methodologyPage {
	return &methodologyPage{src: embeddedMethodology()}
}

func (p *methodologyPage) OnMount(ctx app.Context) {
	if p.src != "" {
		return
	}
	p.status = statusLoading
	var d download
	callPublic(ctx, "GET", methodologyPath, none{}, &d, func(ctx app.Context, err error) {
		p.src, p.status = string(d.Data), statusLoaded
		if err != nil || p.src == "" {
			p.status = statusFailed
		}
	})
}

func (p *methodologyPage) Render() app.UI {
	return newLayout().Title("Methodology").TitleClass("methodology-title").Content(p.body(), p.source())
}

// source is, in the server's prerendered page only, the document's
// Markdown in an inert template (methodologySourceID): escaped text that
// the browser neither shows nor runs, which the client reads as text.
func (p *methodologyPage) source() app.UI {
	if app.IsClient || p.src == "" {
		return nil
	}
	return el("template").ID(methodologySourceID).Text(p.src)
}

// body is the document, or where its loading stands.
func (p *methodologyPage) body() app.UI {
	switch {
	case p.status == statusFailed:
		return notice("error", "methodology-error", "The methodology could not be loaded; reload the page to try again.")
	case p.src == "":
		return parac("muted", "Loading the methodology…")
	}
	return divcID("methodology card", "methodology", renderBlocks(parseMarkdown(p.src))...)
}

// mdBlock is one block of the small Markdown subset the page uses.
type mdBlock struct {
	kind  string // h1, h2, h3, p, li, pre, table
	text  string
	items []string
	rows  [][]string
}

// parseMarkdown splits text into headings, paragraphs, list items (with
// their continuation lines), indented code and pipe tables.
func parseMarkdown(src string) []mdBlock {
	var out []mdBlock
	var cur *mdBlock
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, line := range strings.Split(src, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			if cur == nil || cur.kind != "pre" {
				flush()
			}
		case strings.HasPrefix(line, "#"):
			flush()
			level := len(line) - len(strings.TrimLeft(line, "#"))
			out = append(out, mdBlock{kind: "h" + itoa(min(level, 3)), text: strings.TrimSpace(line[level:])})
		case strings.HasPrefix(trim, "|"):
			cur = tableRow(cur, trim, flush)
		case strings.HasPrefix(line, "    ") && (cur == nil || cur.kind == "pre"):
			if cur == nil {
				cur = &mdBlock{kind: "pre"}
			}
			cur.items = append(cur.items, strings.TrimPrefix(line, "    "))
		case strings.HasPrefix(trim, "- "):
			flush()
			cur = &mdBlock{kind: "li", text: strings.TrimPrefix(trim, "- ")}
		default:
			if cur == nil || cur.kind == "pre" || cur.kind == "table" {
				flush()
				cur = &mdBlock{kind: "p", text: trim}
				continue
			}
			cur.text += " " + trim
		}
	}
	flush()
	return out
}

// tableRow adds a pipe-table row (separator rows are skipped).
func tableRow(cur *mdBlock, line string, flush func()) *mdBlock {
	if cur == nil || cur.kind != "table" {
		flush()
		cur = &mdBlock{kind: "table"}
	}
	cells := strings.Split(strings.Trim(line, "|"), "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
		return cur
	}
	cur.rows = append(cur.rows, cells)
	return cur
}

// renderBlocks turns blocks into components; consecutive list items form
// one list.
func renderBlocks(blocks []mdBlock) []app.UI {
	var out []app.UI
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		switch b.kind {
		case "h1":
			continue // the layout shows the page title
		case "h2":
			out = append(out, h2(b.text))
		case "h3":
			out = append(out, h3(b.text))
		case "pre":
			out = append(out, el("pre").Text(strings.Join(b.items, "\n")))
		case "table":
			out = append(out, mdTable(b.rows))
		case "li":
			var items []app.UI
			for ; i < len(blocks) && blocks[i].kind == "li"; i++ {
				items = append(items, elLi().Body(inline(blocks[i].text)...))
			}
			i--
			out = append(out, elUl().Body(items...))
		default:
			out = append(out, elP().Body(inline(b.text)...))
		}
	}
	return out
}

// mdTable renders a table whose first row is the header.
func mdTable(rows [][]string) app.UI {
	if len(rows) == 0 {
		return app.Text("")
	}
	head := make([]app.UI, len(rows[0]))
	for i, c := range rows[0] {
		head[i] = elTh().Body(inline(c)...)
	}
	body := make([]app.UI, 0, len(rows)-1)
	for _, r := range rows[1:] {
		cells := make([]app.UI, len(r))
		for i, c := range r {
			cells[i] = elTd().Body(inline(c)...)
		}
		body = append(body, tr(cells...))
	}
	return tableWrap().Body(elTable().Class("table").Body(
		thead(tr(head...)), tbody(body...)))
}

// inline renders `code` spans as <code> and **bold** as <strong>; all
// other text is a text node.
func inline(s string) []app.UI {
	var out []app.UI
	for s != "" {
		i := strings.IndexAny(s, "`*")
		if i < 0 {
			return append(out, app.Text(s))
		}
		if i > 0 {
			out = append(out, app.Text(s[:i]))
		}
		s = s[i:]
		mark, tag := "`", "code"
		if strings.HasPrefix(s, "**") {
			mark, tag = "**", "strong"
		}
		end := strings.Index(s[len(mark):], mark)
		if end < 0 {
			return append(out, app.Text(s))
		}
		inner := s[len(mark) : len(mark)+end]
		if tag == "code" {
			out = append(out, elCode().Text(inner))
		} else {
			out = append(out, elStrong().Text(inner))
		}
		s = s[len(mark)+end+len(mark):]
	}
	return out
}
