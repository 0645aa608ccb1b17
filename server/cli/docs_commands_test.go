package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// documentedCommands returns every "fortfolio backup ..." command written
// in the README and docs/*.md, each as its file and argument words (an
// inline code span may wrap onto the next line).
func documentedCommands(t *testing.T, prefix string) map[string][]string {
	t.Helper()
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	out := map[string][]string{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for i := strings.Index(text, prefix); i >= 0; {
			lineStart := strings.LastIndexByte(text[:i], '\n') + 1
			inline := strings.Count(text[lineStart:i], "`")%2 == 1
			rest := text[i+len(prefix):]
			end := strings.IndexAny(rest, "`\n")
			if inline {
				end = strings.IndexByte(rest, '`')
			}
			if end < 0 {
				end = len(rest)
			}
			out[file+": "+strings.TrimSpace(prefix+rest[:end])] = strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(rest[:end]))
			next := strings.Index(rest[end:], prefix)
			if next < 0 {
				break
			}
			i += len(prefix) + end + next
		}
	}
	return out
}

// TestDocumentedBackupCommandsParse: every backup command in the docs
// uses the real syntax (a restore names its archive with --from).
func TestDocumentedBackupCommandsParse(t *testing.T) {
	env := Env{Getenv: func(string) string { return "" }, Stderr: io.Discard, Stdout: io.Discard}
	cmds := documentedCommands(t, "fortfolio backup ")
	if len(cmds) < 5 {
		t.Fatalf("found only %d documented backup commands: %v", len(cmds), cmds)
	}
	for where, words := range cmds {
		if len(words) == 0 {
			t.Errorf("%s: no subcommand", where)
			continue
		}
		for _, sub := range strings.Split(words[0], "|") {
			f, err := parseBackupFlags(env, sub, words[1:])
			if err != nil {
				t.Errorf("%s: %s does not parse: %v", where, sub, err)
				continue
			}
			if sub == "restore" && (f.from == "" || strings.HasPrefix(f.from, "-")) {
				t.Errorf("%s: restore without --from FILE", where)
			}
		}
	}
}
