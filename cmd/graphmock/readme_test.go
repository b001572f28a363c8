package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The shell blocks of the README and docs/*.md, run: every block made only of variable
// assignments, curl commands and graphmock commands that finish (validate, token, version,
// help, import) runs against a freshly started server (run, as main calls it, on a free port
// standing in for 127.0.0.1:8080 and localhost:8080, also in graphmock import's -graph-url). A comment that starts with a status code states the
// status the command must get; without one it must get 200. A block that ends by resetting the
// server (POST /_mock/reset) runs twice, proving it can be run again after its reset. Blocks
// with other commands (go install, docker, bash) are left out and listed in the log.

// shellCommand is one command of a block: its words after expansion, and its comment.
type shellCommand struct {
	line    int
	words   []string
	comment string
}

// shellBlocks reads the ```sh blocks of the README and docs/*.md, with their file and line.
func shellBlocks(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	for _, file := range append([]string{filepath.Join(repoRoot, "README.md")}, files...) {
		lines := strings.Split(string(mustReadFile(t, file)), "\n")
		for i := 0; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) != "```sh" {
				continue
			}
			start := i + 1
			var body []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				body = append(body, lines[i])
			}
			blocks[fmt.Sprintf("%s:%d", filepath.Base(file), start+1)] = body
		}
	}
	return blocks
}

// splitWords splits one (joined) command line as a POSIX shell would for the subset the docs
// use: blanks separate words; '…' is literal; "…" and bare words expand $NAME, ${NAME} and
// $(graphmock …), with \ escaping the next character; a # starting a word begins the comment.
func splitWords(line string, vars map[string]string, subst func(string) (string, error)) (words []string, comment string, err error) {
	var word strings.Builder
	inWord, quote := false, byte(0)
	flush := func() {
		if inWord {
			words = append(words, word.String())
		}
		word.Reset()
		inWord = false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case c == '\\' && i+1 < len(line):
			i++
			if quote == '"' && !strings.ContainsRune(`$"\`, rune(line[i])) {
				word.WriteByte('\\')
			}
			word.WriteByte(line[i])
		case c == '$' && i+1 < len(line):
			inWord = true
			rest := line[i+1:]
			switch {
			case rest[0] == '(':
				end := strings.IndexByte(rest, ')')
				if end < 0 {
					return nil, "", fmt.Errorf("unclosed $( in %q", line)
				}
				out, err := subst(rest[1:end])
				if err != nil {
					return nil, "", err
				}
				word.WriteString(out)
				i += end + 1
			case rest[0] == '{':
				end := strings.IndexByte(rest, '}')
				if end < 0 {
					return nil, "", fmt.Errorf("unclosed ${ in %q", line)
				}
				word.WriteString(vars[rest[1:end]])
				i += end + 1
			default:
				name := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`).FindString(rest)
				if name == "" {
					word.WriteByte(c)
					continue
				}
				word.WriteString(vars[name])
				i += len(name)
			}
		case quote == '"':
			if c == '"' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && !inWord:
			return words, strings.TrimSpace(line[i+1:]), nil
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, "", fmt.Errorf("unclosed %c in %q", quote, line)
	}
	flush()
	return words, "", nil
}

// logicalLines joins continued lines (ending in \) and gives an indented comment-only line to
// the command above it, as the docs write a status under a long command.
func logicalLines(body []string) (lines []string, numbers []int) {
	for i := 0; i < len(body); i++ {
		line, n := body[i], i
		for strings.HasSuffix(line, `\`) && i+1 < len(body) {
			i++
			line = strings.TrimSuffix(line, `\`) + " " + body[i]
		}
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") && trimmed != line && len(lines) > 0 {
			lines[len(lines)-1] += " " + trimmed
			continue
		}
		lines, numbers = append(lines, line), append(numbers, n)
	}
	return lines, numbers
}

// finishingCommands are the graphmock commands a block may run (the others serve or probe).
var finishingCommands = map[string]bool{"validate": true, "token": true, "version": true, "help": true, "import": true, "generate": true}

// graphmockArgs returns the arguments of a graphmock command (graphmock … or go run
// ./cmd/graphmock …), or false.
func graphmockArgs(words []string) ([]string, bool) {
	switch {
	case len(words) >= 2 && words[0] == "graphmock":
		return words[1:], finishingCommands[words[1]]
	case len(words) >= 4 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/graphmock":
		return words[3:], finishingCommands[words[3]]
	}
	return nil, false
}

// runGraphmock runs a graphmock command in-process from the repository root's point of view:
// arguments that name files there (globs included) are taken relative to it.
func runGraphmock(args []string) (string, error) {
	var resolved []string
	for _, a := range args {
		if strings.ContainsAny(a, "*?[") {
			matches, err := filepath.Glob(filepath.Join(repoRoot, a))
			if err != nil || len(matches) == 0 {
				return "", fmt.Errorf("%s matches no file in the repository", a)
			}
			resolved = append(resolved, matches...)
			continue
		}
		if _, err := os.Stat(filepath.Join(repoRoot, a)); err == nil && !strings.HasPrefix(a, "-") {
			a = filepath.Join(repoRoot, a)
		}
		resolved = append(resolved, a)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), resolved, noEnv, &out, &errOut); err != nil {
		return "", fmt.Errorf("graphmock %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return strings.TrimSpace(out.String()), nil
}

// curlRequest turns curl's words into a request on host (the docs' 127.0.0.1:8080 and
// localhost:8080), for the options the docs use.
func curlRequest(words []string, host string) (*http.Request, error) {
	method, target, body := "", "", ""
	header := http.Header{}
	hasBody := false
	for i := 1; i < len(words); i++ {
		switch w := words[i]; w {
		case "-g", "-s", "-S", "-f", "-fsS", "-sS":
		case "-X", "-H", "-d", "--data", "--data-binary":
			if i+1 >= len(words) {
				return nil, fmt.Errorf("%s needs a value", w)
			}
			i++
			switch w {
			case "-X":
				method = words[i]
			case "-H":
				k, v, ok := strings.Cut(words[i], ":")
				if !ok {
					return nil, fmt.Errorf("-H %q is not Name: value", words[i])
				}
				header.Add(k, strings.TrimSpace(v))
			default:
				body, hasBody = words[i], true
			}
		default:
			if strings.HasPrefix(w, "-") || target != "" {
				return nil, fmt.Errorf("curl option %q is not one this test knows; teach curlRequest", w)
			}
			target = w
		}
	}
	if !strings.Contains(target, "://") {
		target = "http://" + target
	}
	for _, docsHost := range []string{"127.0.0.1:8080", "localhost:8080"} {
		target = strings.Replace(target, "://"+docsHost, "://"+host, 1)
		body = strings.ReplaceAll(body, "://"+docsHost, "://"+host) // a URL in a body (a webhook's) names the server too
	}
	if method == "" {
		method = http.MethodGet
		if hasBody {
			method = http.MethodPost
		}
	}
	if hasBody && header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/x-www-form-urlencoded") // as curl -d sends
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header
	return req, nil
}

// expectedStatus is the status a command's comment states (a leading 3-digit code), or 200.
func expectedStatus(comment string) int {
	if m := regexp.MustCompile(`^([1-5]\d\d)\b`).FindStringSubmatch(comment); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return http.StatusOK
}

// TestReadmeCommands runs the docs' shell blocks (see the top of this file).
func TestReadmeCommands(t *testing.T) {
	t.Parallel()
	blocks := shellBlocks(t)
	names := make([]string, 0, len(blocks))
	for name := range blocks {
		names = append(names, name)
	}
	// Blocks run in document order: later ones use the tour's variables ($B, $BIG, ...).
	order := func(name string) string {
		file, line, _ := strings.Cut(name, ":")
		if file == "README.md" {
			file = " " + file
		}
		return fmt.Sprintf("%s:%06s", file, line)
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if order(names[j]) < order(names[i]) {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	vars := map[string]string{}
	subst := func(cmd string) (string, error) {
		args, ok := graphmockArgs(strings.Fields(cmd))
		if !ok {
			return "", fmt.Errorf("$(%s) is not a graphmock command that finishes", cmd)
		}
		return runGraphmock(args)
	}
	curls, graphmocks := 0, 0
	for _, name := range names {
		lines, numbers := logicalLines(blocks[name])
		var cmds []shellCommand
		runnable, reason := true, ""
		for i, line := range lines {
			words, comment, err := splitWords(line, vars, func(string) (string, error) { return "", nil })
			if err != nil {
				t.Fatalf("%s: %v", lineOf(name, numbers[i]), err)
			}
			if len(words) == 0 {
				continue
			}
			_, finishes := graphmockArgs(words)
			if !finishes && words[0] != "curl" && !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`).MatchString(words[0]) {
				runnable, reason = false, words[0]
				break
			}
			cmds = append(cmds, shellCommand{line: numbers[i], words: words, comment: comment})
		}
		if !runnable || len(cmds) == 0 {
			t.Logf("%s: not run (it runs %q)", name, reason)
			continue
		}
		args := []string{"-addr", "127.0.0.1:0", "-log-level", "error"}
		if strings.Contains(strings.Join(blocks[name], "\n"), "$(graphmock token)") {
			args = append(args, "-require-auth") // the token must pass Graph's checks
		}
		srv := startServe(t, args...)
		host := strings.TrimPrefix(srv.url, "http://")
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		runs := 1
		if last := cmds[len(cmds)-1].words; last[0] == "curl" && strings.Contains(strings.Join(last, " "), "/_mock/reset") {
			runs = 2
		}
		for pass := 1; pass <= runs; pass++ {
			for _, c := range cmds {
				// Expand again, now with the variables set above and command substitution live.
				line := lines[indexOf(numbers, c.line)]
				words, _, err := splitWords(line, vars, subst)
				if err != nil {
					t.Fatalf("%s: %v", lineOf(name, c.line), err)
				}
				where := fmt.Sprintf("%s (run %d)", lineOf(name, c.line), pass)
				if args, ok := graphmockArgs(words); ok {
					for i := range args { // graphmock import reads from the docs' server
						args[i] = strings.NewReplacer("://127.0.0.1:8080", "://"+host, "://localhost:8080", "://"+host).Replace(args[i])
					}
					if _, err := runGraphmock(args); err != nil {
						t.Errorf("%s: %v", where, err)
					}
					graphmocks++
					continue
				}
				if words[0] != "curl" {
					k, v, _ := strings.Cut(words[0], "=")
					vars[k] = v
					continue
				}
				req, err := curlRequest(words, host)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Errorf("%s: %s %s: %v", where, req.Method, req.URL, err)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				want := expectedStatus(c.comment)
				if resp.StatusCode != want {
					t.Errorf("%s: %s %s = %d, want %d (from the comment %q)\n%.400s", where, req.Method, req.URL, resp.StatusCode, want, c.comment, body)
				}
				if want >= 400 && !bytes.Contains(body, []byte(`"error":{`)) {
					t.Errorf("%s: %s %s: a %d without Graph's error envelope:\n%.400s", where, req.Method, req.URL, resp.StatusCode, body)
				}
				curls++
				t.Logf("%s: %s %s = %d", where, req.Method, req.URL, resp.StatusCode)
			}
		}
		if err := srv.stop(t); err != nil {
			t.Errorf("%s: the server did not stop cleanly: %v", name, err)
		}
	}
	t.Logf("%d curl requests and %d graphmock commands from the docs", curls, graphmocks)
	if curls < 60 || graphmocks < 1 {
		t.Errorf("ran %d curl requests and %d graphmock commands; the tour alone runs 30 twice", curls, graphmocks)
	}
}

// lineOf is the file:line of the offset-th line of the block named file:first.
func lineOf(block string, offset int) string {
	file, first, _ := strings.Cut(block, ":")
	n, _ := strconv.Atoi(first)
	return fmt.Sprintf("%s:%d", file, n+offset)
}

// indexOf is the index of v in s.
func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestFlagsDocListsEveryFlag checks that docs/flags.md, the reference of the command line, has a
// row for every flag `graphmock serve -h` prints, with its variable.
func TestFlagsDocListsEveryFlag(t *testing.T) {
	t.Parallel()
	doc := string(mustReadFile(t, filepath.Join(repoRoot, "docs", "flags.md")))
	var help bytes.Buffer
	if err := run(context.Background(), []string{"serve", "-h"}, noEnv, &help, io.Discard); err != nil {
		t.Fatal(err)
	}
	flag := regexp.MustCompile(`(?m)^  -([a-z-]+).*\n.*\n\s+env (GRAPHMOCK_[A-Z_]+)`)
	found := flag.FindAllStringSubmatch(help.String(), -1)
	if len(found) < 15 {
		t.Fatalf("found %d flags in serve -h:\n%s", len(found), help.String())
	}
	for _, m := range found {
		row := regexp.MustCompile("(?m)^\\|.*`-" + regexp.QuoteMeta(m[1]) + "[ `].*" + regexp.QuoteMeta(m[2]))
		if !row.MatchString(doc) {
			t.Errorf("docs/flags.md has no row for -%s with %s", m[1], m[2])
		}
	}
}
