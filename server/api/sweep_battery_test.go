package api_test

import (
	"net/url"
	"regexp"
	"strings"
)

// The batteries of the hostile sweep: path values, bodies and query
// strings that a careless handler could turn into a 5xx.

// nonexistentID is a well-formed identifier of nothing.
const nonexistentID = "nonexistent-0123456789"

// hostilePathValues are escaped path segments for a wildcard.
var hostilePathValues = []string{
	strings.Repeat("a", 65), strings.Repeat("x", 4000), "..", "%2e%2e", "a%2Fb",
	"%2F..%2F..%2Fetc%2Fpasswd", "%00", "%ff%fe", "%C3%A9t%C3%A9", "%E2%80%AE", "%F0%9F%92%A3",
	"%20", "-", "_", "0", "null", "%27%20OR%201%3D1--", "%7B%7D", "%5Cx", nonexistentID,
}

// genericBodies go to every route, whatever it decodes.
var genericBodies = []string{
	``, `{`, `null`, `[]`, `"str"`, `{}`, `0`, `-0`, `1e308`, `true`, `{"":1}`, `{"a":1}{"a":1}`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat(`{"a":`, 5000) + `1` + strings.Repeat(`}`, 5000),
	"\xff\xfe{}", "{\"a\":\"\x00\"}", `{"a":"\ud800"}`, `"` + strings.Repeat("x", 100000) + `"`,
}

// fewBodies go to routes that decode no JSON body.
var fewBodies = []string{`{`, "\xff\xfe{}", strings.Repeat("[", 10000)}

// fieldValues replace one field at a time; wrongValues are never a valid
// value of any field, plausibleStrings are strings a lax handler might
// store (sent only where storing them could not change the user's data).
var wrongValues = []string{
	`1`, `-1`, `1e308`, `-1e308`, `-0`, `1e999`, `123456789012345678901234567890`, `0.000000000000000000001`,
	`true`, `null`, `[]`, `{}`, `[1,2]`, `[{}]`, `[null]`, `{"x":"y"}`, `{"x":1e308}`, `[{"x":1}]`,
	`"` + strings.Repeat("x", 20000) + `"`, `"\u0000"`, `"\ud800"`, `"a\u0007b"`,
	strings.Repeat("[", 1000) + strings.Repeat("]", 1000),
}

var plausibleStrings = []string{`"1"`, `"-1e308"`, `"2024-13-45"`, `"0000-00-00"`, `"../../etc/passwd"`, `""`, `" "`, `"NaN"`, `"Ω"`}

// hostileQueryValues are escaped query values.
var hostileQueryValues = []string{
	strings.Repeat("9", 10000), "2024-13-45", "9999-12-31", "0000-01-01", "-1", "1e308", "NaN",
	"%00", "%ff", "..%2F..", "%E2%80%AE", "",
}

var wildcard = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// ownValue is a real object of the caller for the wildcard after segment
// seg, and otherValue bob's, where the sweep has one.
func (w *sweepWorld) ownValue(seg string) string {
	switch seg {
	case "portfolios":
		return w.portfolio
	case "transactions":
		return w.txID
	case "users":
		return w.targetID
	case "history", "quote", "predictions":
		return "AAPL"
	}
	return nonexistentID
}

func (w *sweepWorld) otherValue(seg string) string {
	switch seg {
	case "portfolios":
		return w.otherPortfolio
	case "transactions":
		return w.otherTx
	}
	return ""
}

// fill replaces the wildcards of path: the one at index hostile (-1 for
// none) with value, the others with a valid value (the caller's own
// object, or another user's for DELETE, which must not remove the user's
// data).
func (w *sweepWorld) fill(path string, hostile int, value string, method string) string {
	i := -1
	return wildcard.ReplaceAllStringFunc(path, func(m string) string {
		i++
		if i == hostile {
			return value
		}
		seg := segmentBefore(path, m)
		if method == "DELETE" {
			if o := w.otherValue(seg); o != "" {
				return o
			}
			return nonexistentID
		}
		return w.ownValue(seg)
	})
}

func segmentBefore(path, wildcardText string) string {
	before, _, _ := strings.Cut(path, wildcardText)
	before = strings.TrimSuffix(before, "/")
	return before[strings.LastIndex(before, "/")+1:]
}

// callers are who sends each battery: everyone gets the generic ones, the
// caller the route is for gets the per-field and query batteries.
func callers(r sweptRoute) (all []string, main string) {
	switch r.access {
	case "admin":
		return []string{"anonymous", "user", "admin"}, "admin"
	case "user":
		return []string{"anonymous", "user", "admin"}, "user"
	}
	return []string{"anonymous", "user"}, "anonymous"
}

// requestsFor is the sweep of one route.
func (w *sweepWorld) requestsFor(r sweptRoute, params []string) []sweepRequest {
	methods := []string{r.method}
	if r.method == "" { // the catch-all
		methods = []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
		r.path = "/api/no/such/{id}"
	}
	all, main := callers(r)
	var out []sweepRequest
	add := func(method, path, as, ct, body string) {
		out = append(out, sweepRequest{route: r, method: method, path: path, as: as, contentType: ct, body: body})
	}
	const js = "application/json"
	n := len(wildcard.FindAllString(r.path, -1))
	for _, m := range methods {
		valid := w.fill(r.path, -1, "", m)
		for _, as := range all {
			// Hostile path values, with a body that is a plain JSON object.
			for i := range n {
				vals := hostilePathValues
				if o := w.otherValue(segmentBefore(r.path, wildcard.FindAllString(r.path, -1)[i])); o != "" {
					vals = append(append([]string(nil), vals...), o)
				}
				for _, v := range vals {
					add(m, w.fill(r.path, i, v, m), as, js, `{}`)
				}
			}
			// Generic bodies on the valid path; a few where the handler
			// decodes no JSON (GET, actions such as running a backup),
			// which a valid request would make run the whole action.
			bodies := genericBodies
			if m == "GET" || len(r.fields) == 0 {
				bodies = fewBodies
			}
			for _, b := range bodies {
				add(m, valid, as, js, b)
			}
			if m == "POST" || m == "PUT" {
				if as == main {
					add(m, valid, as, js, `{"a":"`+strings.Repeat("x", 2<<20)+`"}`)
				}
				add(m, valid, as, "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.csv\"\r\n\r\n\x00\xff,,\r\n--xy")
				add(m, valid, as, "multipart/form-data", "garbage")
				add(m, valid, as, "text/csv", "date,ticker\n\x00,\xff\n"+strings.Repeat("\"", 1000))
				add(m, valid, as, "", "{}")
				add(m, valid, as, "application/json; charset=latin1", "{}")
			}
		}
		// Per-field bodies and query strings from the route's own caller.
		for _, b := range fieldBodies(r.fields, m == "PUT" && n > 0) {
			add(m, valid, main, js, b)
		}
		if m == "GET" {
			for _, q := range hostileQueries(r.params, params) {
				add(m, valid+"?"+q, main, "", "")
			}
		}
	}
	return out
}

// fieldBodies sets one field at a time to each hostile value, then every
// field at once.
func fieldBodies(fields []string, updatesOwn bool) []string {
	if len(fields) == 0 {
		return nil
	}
	values := wrongValues
	if !updatesOwn {
		values = append(append([]string(nil), values...), plausibleStrings...)
	}
	var out []string
	for _, f := range fields {
		for _, v := range values {
			out = append(out, `{"`+f+`":`+v+`}`)
		}
		out = append(out, `{"`+f+`":1,"`+strings.ToUpper(f)+`":1}`)
	}
	for _, v := range wrongValues[:12] {
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = `"` + f + `":` + v
		}
		out = append(out, "{"+strings.Join(parts, ",")+"}")
	}
	return out
}

// hostileQueries sets each parameter the route reads to each hostile
// value, one at a time, repeats each, and sets every parameter any route
// reads at once.
func hostileQueries(read, params []string) []string {
	var out []string
	for _, p := range read {
		for _, v := range hostileQueryValues {
			out = append(out, p+"="+v)
		}
		out = append(out, p+"=1&"+p+"=2", p+"[]=1", p)
	}
	for _, v := range hostileQueryValues[:6] {
		q := url.Values{}
		for _, p := range params {
			q.Set(p, v)
		}
		out = append(out, q.Encode())
	}
	out = append(out, "from=2024-12-31&to=2020-01-01", "from=1900-01-01&to=2999-12-31", "%zz=1", "&&&=&=", strings.Repeat("a=1&", 5000))
	return out
}
