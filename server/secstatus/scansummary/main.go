// Command scansummary turns the reports of `make audit` (gosec JSON and
// staticcheck JSON lines) plus every in-source suppression (#nosec and
// //lint:ignore with their reasons) into server/secstatus/scan-summary.json,
// which the binary embeds and the Security page publishes.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

type suppression struct {
	Rule   string `json:"rule"`
	File   string `json:"file"`
	Reason string `json:"reason"`
}

type summary struct {
	Date         string         `json:"date"`
	Tools        []string       `json:"tools"`
	Findings     map[string]int `json:"findings_by_rule"`
	Suppressions []suppression  `json:"suppressions"`
	Notes        []string       `json:"notes,omitempty"`
}

func main() {
	gosecPath := flag.String("gosec", "", "gosec JSON report")
	staticPath := flag.String("staticcheck", "", "staticcheck -f json output")
	root := flag.String("root", ".", "source tree to scan for suppressions")
	out := flag.String("out", "server/secstatus/scan-summary.json", "output file")
	note := flag.String("note", "", "a note to publish with the results")
	flag.Parse()
	s := summary{Date: time.Now().UTC().Format(time.DateOnly), Findings: map[string]int{}}
	if *note != "" {
		s.Notes = append(s.Notes, *note)
	}
	if err := addGosec(&s, *gosecPath); err != nil {
		fail(err)
	}
	if err := addStaticcheck(&s, *staticPath); err != nil {
		fail(err)
	}
	if err := addSuppressions(&s, *root); err != nil {
		fail(err)
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil { // #nosec G306 -- a public report embedded in the build
		fail(err)
	}
	fmt.Printf("scan summary: %d rules with findings, %d suppressions -> %s\n", len(s.Findings), len(s.Suppressions), *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "scansummary:", err)
	os.Exit(1)
}

func addGosec(s *summary, path string) error {
	if path == "" {
		s.Notes = append(s.Notes, "gosec was not run")
		return nil
	}
	b, err := os.ReadFile(path) // #nosec G304 -- path given by the make target
	if err != nil {
		return err
	}
	var rep struct {
		Issues []struct {
			RuleID string `json:"rule_id"`
		} `json:"Issues"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("gosec report: %w", err)
	}
	s.Tools = append(s.Tools, "gosec")
	for _, is := range rep.Issues {
		s.Findings["gosec "+is.RuleID]++
	}
	return nil
}

func addStaticcheck(s *summary, path string) error {
	if path == "" {
		s.Notes = append(s.Notes, "staticcheck was not run")
		return nil
	}
	f, err := os.Open(path) // #nosec G304 -- path given by the make target
	if err != nil {
		return err
	}
	defer f.Close()
	s.Tools = append(s.Tools, "staticcheck")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var d struct {
			Code string `json:"code"`
		}
		if json.Unmarshal(sc.Bytes(), &d) == nil && d.Code != "" {
			s.Findings["staticcheck "+d.Code]++
		}
	}
	return sc.Err()
}

var (
	nosecRe  = regexp.MustCompile(`#nosec\s+(G\d+)\s*(?:--\s*(.*))?`)
	lintIgRe = regexp.MustCompile(`//lint:ignore\s+(\S+)\s+(.*)`)
)

func addSuppressions(s *summary, root string) error {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "data" || d.Name() == "bin") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "scansummary/main.go") {
			return nil
		}
		return scanFile(s, path)
	})
	sort.Slice(s.Suppressions, func(i, j int) bool { return s.Suppressions[i].File < s.Suppressions[j].File })
	return err
}

func scanFile(s *summary, path string) error {
	b, err := os.ReadFile(path) // #nosec G304 -- walking the project's own tree
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if m := nosecRe.FindStringSubmatch(line); m != nil {
			s.Suppressions = append(s.Suppressions, suppression{Rule: "gosec " + m[1], File: filepath.ToSlash(path), Reason: reasonOr(m[2])})
		}
		if m := lintIgRe.FindStringSubmatch(line); m != nil {
			s.Suppressions = append(s.Suppressions, suppression{Rule: "staticcheck " + m[1], File: filepath.ToSlash(path), Reason: reasonOr(m[2])})
		}
	}
	return nil
}

func reasonOr(r string) string {
	if r = strings.TrimSpace(r); r == "" {
		return "(no reason given)"
	}
	return r
}
