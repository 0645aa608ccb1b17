package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// numberLocale is how the user's locale (navigator.language) writes
// numbers, read once from the browser's Intl.NumberFormat so that the
// client carries no locale tables. Outside the browser (prerendering,
// component tests) it is en-US. Grouping is always by thousands, which is
// what Intl uses for every locale except the Indian lakh/crore style.
type numberLocale struct {
	lang             string
	group, decimal   string
	pctPrefix        string
	pctSuffix        string
	mu               sync.Mutex
	currencies       map[string]currencyStyle
	lookupCurrencyJS bool
}

// currencyStyle is the text around an amount of one currency and the
// number of decimals the currency uses.
type currencyStyle struct {
	prefix, suffix string
	decimals       int
}

var (
	localeOnce sync.Once
	theLocale  *numberLocale
)

// userLocale returns the locale numbers are written in.
func userLocale() *numberLocale {
	localeOnce.Do(func() {
		theLocale = &numberLocale{lang: "en-US", group: ",", decimal: ".", pctSuffix: "%",
			currencies: map[string]currencyStyle{}}
		if app.IsClient {
			theLocale.readBrowser()
		}
	})
	return theLocale
}

// fallbackCurrencies are the en-US symbols used outside the browser.
var fallbackCurrencies = map[string]currencyStyle{
	"USD": {prefix: "$", decimals: 2}, "EUR": {prefix: "€", decimals: 2},
	"GBP": {prefix: "£", decimals: 2}, "JPY": {prefix: "¥", decimals: 0},
	"CAD": {prefix: "CA$", decimals: 2}, "AUD": {prefix: "A$", decimals: 2},
}

// currency returns the style of currency code cur ("" is USD). A code
// that is not three capital letters is written after the number.
func (l *numberLocale) currency(cur string) currencyStyle {
	if cur == "" {
		cur = "USD"
	}
	if !isCurrencyCode(cur) {
		return currencyStyle{suffix: " " + cur, decimals: 2}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.currencies[cur]; ok {
		return c
	}
	c, ok := fallbackCurrencies[cur]
	if !ok {
		c = currencyStyle{prefix: cur + "\u00a0", decimals: 2}
	}
	if l.lookupCurrencyJS {
		c = l.readCurrency(cur)
	}
	l.currencies[cur] = c
	return c
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// readBrowser takes the separators and the percent sign from the
// browser's Intl for navigator.language.
func (l *numberLocale) readBrowser() {
	defer func() { _ = recover() }() // an odd browser keeps the en-US default
	nav := app.Window().Get("navigator")
	if lang := nav.Get("language"); lang.Truthy() {
		l.lang = lang.String()
	}
	l.lookupCurrencyJS = true
	group, decimal := "", ""
	eachPart(l.intl(nil), 1234567.5, func(typ, val string, _ bool) {
		switch typ {
		case "group":
			group = val
		case "decimal":
			decimal = val
		}
	})
	if decimal != "" {
		l.group, l.decimal = group, decimal
	}
	pre, suf := affixes(l.intl(map[string]any{"style": "percent"}), 0.5)
	l.pctPrefix, l.pctSuffix = pre, suf
}

// readCurrency asks Intl how cur is written; it is called with l.mu held.
func (l *numberLocale) readCurrency(cur string) (c currencyStyle) {
	c = currencyStyle{prefix: cur + "\u00a0", decimals: 2}
	defer func() { _ = recover() }()
	f := l.intl(map[string]any{"style": "currency", "currency": cur})
	c.prefix, c.suffix = affixes(f, 1)
	c.decimals = f.Call("resolvedOptions").Get("maximumFractionDigits").Int()
	return c
}

func (l *numberLocale) intl(opts map[string]any) app.Value {
	nf := app.Window().Get("Intl").Get("NumberFormat")
	if opts == nil {
		return nf.New(l.lang)
	}
	return nf.New(l.lang, opts)
}

// affixes is the text a formatter puts before and after the digits of v.
func affixes(f app.Value, v float64) (prefix, suffix string) {
	eachPart(f, v, func(typ, val string, afterDigits bool) {
		switch typ {
		case "integer", "group", "decimal", "fraction", "minusSign", "plusSign":
		default:
			if afterDigits {
				suffix += val
			} else {
				prefix += val
			}
		}
	})
	return prefix, suffix
}

// eachPart calls fn for each part of f.formatToParts(v), saying whether a
// digit came before it.
func eachPart(f app.Value, v float64, fn func(typ, val string, afterDigits bool)) {
	parts := f.Call("formatToParts", v)
	seen := false
	for i := 0; i < parts.Length(); i++ {
		p := parts.Index(i)
		typ := p.Get("type").String()
		fn(typ, p.Get("value").String(), seen)
		if typ == "integer" {
			seen = true
		}
	}
}
