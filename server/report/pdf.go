package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Page geometry in millimetres (A4 portrait).
const (
	margin    = 15.0
	pageWidth = 210.0 - 2*margin
)

// doc wraps an fpdf document with the UTF-8 to cp1252 translator of the
// core fonts (characters outside cp1252 become '?').
type doc struct {
	*fpdf.Fpdf
	tr func(string) string
}

// PDF renders the report.
func PDF(d Data) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin)
	f.SetTitle("Fortfolio report", true)
	f.SetCreator("Fortfolio", true)
	p := &doc{Fpdf: f, tr: f.UnicodeTranslatorFromDescriptor("")}
	footer(p)
	p.titlePage(d)
	p.metricsSection(d)
	p.holdingsSection(d)
	p.allocationSection(d)
	p.chartsSection(d)
	p.stressSection(d)
	p.gainsSection(d)
	p.noteSection(d)
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("report: render pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// text returns user or engine text safe for the core fonts: valid UTF-8
// translated to cp1252, control characters removed.
func (p *doc) text(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	return p.tr(s)
}

// footer numbers the pages.
func footer(p *doc) {
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(120, 120, 120)
		p.CellFormat(0, 5, fmt.Sprintf("Fortfolio report - page %d", p.PageNo()), "", 0, "C", false, 0, "")
	})
}

// heading writes a section heading, starting a new page when little room
// is left.
func (p *doc) heading(s string) {
	_, h := p.GetPageSize()
	if p.GetY() > h-60 {
		p.AddPage()
	}
	p.Ln(4)
	p.SetFont("Helvetica", "B", 14)
	p.SetTextColor(20, 20, 20)
	p.CellFormat(0, 8, p.text(s), "", 1, "L", false, 0, "")
	p.SetFont("Helvetica", "", 9)
}

// titlePage writes the title, portfolio name, dates and summary values.
func (p *doc) titlePage(d Data) {
	p.AddPage()
	p.SetFont("Helvetica", "B", 22)
	p.CellFormat(0, 12, "Portfolio report", "", 1, "L", false, 0, "")
	p.SetFont("Helvetica", "B", 16)
	p.MultiCell(0, 8, p.text(d.Name), "", "L", false)
	p.SetFont("Helvetica", "", 10)
	r := d.Report
	lines := []string{
		"Generated: " + d.Generated.UTC().Format("2006-01-02 15:04 UTC"),
		"Period analysed: " + r.From + " to " + r.To + fmt.Sprintf(" (%d daily returns)", r.Returns),
		"Value at start: " + money(r.StartValue) + "   Value at end: " + money(r.EndValue) + " " + d.Currency,
		"Net external flows: " + money(r.NetFlows) + "   Dividends: " + money(r.Dividends),
		"Time-weighted return: " + optPct(r.Metrics.TotalReturn) + "   Money-weighted return (XIRR): " + optPct(r.MWR) + " a year",
	}
	if r.Benchmark != nil {
		lines = append(lines, "Benchmark: "+r.Benchmark.Ticker+"   benchmark return: "+optPct(r.Benchmark.TotalReturn))
	}
	for _, l := range lines {
		p.CellFormat(0, 6, p.text(l), "", 1, "L", false, 0, "")
	}
}

// metricsSection writes the key metrics with their one-line definitions.
func (p *doc) metricsSection(d Data) {
	p.heading("Key metrics")
	for _, m := range wire.MetricDefs {
		v := metricValue(d, m)
		p.SetFont("Helvetica", "B", 9)
		p.CellFormat(35, 5, p.text(m.Label), "", 0, "L", false, 0, "")
		p.CellFormat(25, 5, p.text(v), "", 0, "R", false, 0, "")
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(0, 5, p.text("  "+m.Definition), "", 1, "L", false, 0, "")
		p.SetTextColor(20, 20, 20)
	}
}

// noteSection writes the user's note as plain text.
func (p *doc) noteSection(d Data) {
	if strings.TrimSpace(d.Note) == "" {
		return
	}
	p.heading("Note")
	p.SetFont("Helvetica", "", 10)
	p.MultiCell(0, 5, p.text(d.Note), "", "L", false)
}
