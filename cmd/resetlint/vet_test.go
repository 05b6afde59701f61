package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

// TestVetMode builds the resetlint command and runs it the way users do,
// as `go vet -vettool=resetlint`, on testdata/vetmod: a module whose
// handler package calls reply helpers of another package. In vet mode
// each package is analysed in its own process, so a finding in the
// handler package that depends on what a helper does (respond.Fail
// replies terminally, respond.Must panics) proves that the facts were
// written for the helper package and read back for the handler package.
//
// The vet runs share one fresh GOCACHE: go vet replays a package's
// findings from the build cache when the tool binary, the flags and the
// sources are the same, so with the developer's cache an identical build
// of the tool from an earlier run would pass without analysing anything.
// The first run compiles the standard library packages the module needs
// (20 to 40s on two cores); later runs replay or re-run only what their
// flags change.
func TestVetMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs go vet with a fresh build cache")
	}
	tool := buildTool(t)
	mod, err := filepath.Abs(filepath.Join("testdata", "vetmod"))
	if err != nil {
		t.Fatal(err)
	}
	env := vetEnv(t.TempDir())
	want := expectedFindings(t, mod)

	t.Run("json", func(t *testing.T) {
		out, stderr, err := run(mod, env, "go", "vet", "-vettool="+tool, "-json", "./...")
		if err != nil {
			t.Fatalf("go vet -json: %v\n%s", err, stderr)
		}
		got := parseVetJSON(t, mod, out)
		checkFindings(t, got, want)
	})

	t.Run("text", func(t *testing.T) {
		// With findings go vet exits non-zero and prints each as
		// file:line:col: message, which editors parse. (go vet runs the
		// tool in JSON mode either way, and may replay what the first run
		// cached.)
		_, stderr, err := run(mod, env, "go", "vet", "-vettool="+tool, "./...")
		if err == nil {
			t.Fatalf("go vet exited 0 despite findings; output:\n%s", stderr)
		}
		for _, f := range want {
			if !implemented(f.pass) {
				continue
			}
			prefix := fmt.Sprintf("%s:%d:", f.file, f.line)
			if !hasLinePrefix(stderr, prefix) {
				t.Errorf("text output lacks a finding at %s (%s); output:\n%s", prefix, f.pass, stderr)
			}
		}
	})

	t.Run("vscode", func(t *testing.T) {
		// vscode-go with "go.vetFlags": ["-vettool=..."] vets the package
		// of the saved file: `go vet <flags> .` in the file's directory,
		// reading file:line:col: lines from stderr, relative to that
		// directory.
		dir := filepath.Join(mod, "handler")
		_, stderr, _ := run(dir, env, "go", "vet", "-vettool="+tool, ".")
		var got []finding
		for _, m := range vscodeLine.FindAllStringSubmatch(stderr, -1) {
			rel, err := filepath.Rel(mod, filepath.Join(dir, m[1]))
			line, err2 := strconv.Atoi(m[2])
			if err != nil || err2 != nil {
				t.Fatalf("cannot resolve %q", m[0])
			}
			got = append(got, finding{file: filepath.ToSlash(rel), line: line, message: m[3]})
		}
		for _, f := range want {
			if !implemented(f.pass) || !strings.HasPrefix(f.file, "handler/") {
				continue
			}
			if !slices.ContainsFunc(got, func(g finding) bool { return g.file == f.file && g.line == f.line }) {
				t.Errorf("vscode would not show %s; go vet printed:\n%s", f, stderr)
			}
		}
	})

	t.Run("flags", func(t *testing.T) {
		// go vet passes the tool's own flags through: a pass can be
		// switched off, or run alone.
		out, stderr, err := run(mod, env, "go", "vet", "-vettool="+tool, "-json", "-ignoredirective=false", "./...")
		if err != nil {
			t.Fatalf("go vet -json -ignoredirective=false: %v\n%s", err, stderr)
		}
		for _, f := range parseVetJSON(t, mod, out) {
			if f.pass == "ignoredirective" {
				t.Errorf("-ignoredirective=false: still reported %v", f)
			}
		}
		out, stderr, err = run(mod, env, "go", "vet", "-vettool="+tool, "-json", "-ignoredirective", "./...")
		if err != nil {
			t.Fatalf("go vet -json -ignoredirective: %v\n%s", err, stderr)
		}
		got := parseVetJSON(t, mod, out)
		var only []finding
		for _, f := range want {
			if f.pass == "ignoredirective" {
				only = append(only, f)
			}
		}
		checkFindings(t, got, only)
	})
}

// vscodeLine is the pattern vscode-go applies to each output line of a
// lint or vet tool (its diagnostics.ts), reduced to the groups it uses.
var vscodeLine = regexp.MustCompile(`(?m)^(?:[^:]*: )?((?:.:)?[^:]*):(\d+)(?::(?:\d+)?)?:(?:\w+:)? (.*)$`)

// The resetlint binary the tests run, built once.
var (
	toolOnce sync.Once
	toolDir  string
	toolPath string
	toolErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if toolDir != "" {
		os.RemoveAll(toolDir)
	}
	os.Exit(code)
}

// buildTool builds cmd/resetlint (this package) into a temporary
// directory, once per test binary.
func buildTool(t *testing.T) string {
	t.Helper()
	toolOnce.Do(func() {
		toolDir, toolErr = os.MkdirTemp("", "resetlint-test")
		if toolErr != nil {
			return
		}
		toolPath = filepath.Join(toolDir, "resetlint")
		if out, err := exec.Command("go", "build", "-o", toolPath, ".").CombinedOutput(); err != nil {
			toolErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if toolErr != nil {
		t.Fatal(toolErr)
	}
	return toolPath
}

// TestHelpListsPasses: `resetlint help` names every pass with the first
// line of its doc.
func TestHelpListsPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool")
	}
	out, err := exec.Command(buildTool(t), "help").CombinedOutput()
	if err != nil {
		t.Fatalf("resetlint help: %v\n%s", err, out)
	}
	_, list, ok := strings.Cut(string(out), "Registered analyzers:")
	if !ok {
		t.Fatalf("resetlint help lists no analyzers:\n%s", out)
	}
	for _, a := range analyzers.All() {
		first, _, _ := strings.Cut(a.Doc, "\n")
		if !regexp.MustCompile(`(?m)^\s+` + a.Name + `\s+` + regexp.QuoteMeta(first) + `$`).MatchString(list) {
			t.Errorf("resetlint help does not list %s (%q):\n%s", a.Name, first, list)
		}
	}
}

// vetEnv is the environment of the vet runs: a fresh build cache, and no
// settings of the developer's that would change how the module loads.
func vetEnv(gocache string) []string {
	drop := []string{"GOCACHE=", "GOFLAGS=", "GOWORK=", "GOPROXY=", "GOTOOLCHAIN=", "GO111MODULE="}
	var env []string
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(drop, func(p string) bool { return strings.HasPrefix(kv, p) }) {
			env = append(env, kv)
		}
	}
	// The fixture module needs no module: GOPROXY=off proves it.
	return append(env, "GOCACHE="+gocache, "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GO111MODULE=on")
}

func run(dir string, env []string, name string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// A finding is one diagnostic, located by the file's path relative to
// the module root (slash-separated) and the line.
type finding struct {
	pass    string
	file    string
	line    int
	message string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.pass) }

// markerRE matches the fixture's expectation comments: "vet: PASS"
// expects a finding of PASS on the comment's line, "vet-next-line: PASS"
// on the line below (for lines that cannot carry a comment of their own,
// such as a //resetlint:ignore directive, whose comment is its reason).
var markerRE = regexp.MustCompile(`\bvet(-next-line)?: ([a-z]+)\b`)

func expectedFindings(t *testing.T, mod string) []finding {
	t.Helper()
	var want []finding
	err := filepath.WalkDir(mod, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(mod, path)
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			for _, m := range markerRE.FindAllStringSubmatch(sc.Text(), -1) {
				f := finding{pass: m[2], file: filepath.ToSlash(rel), line: line}
				if m[1] != "" {
					f.line++
				}
				if analyzerNamed(f.pass) == nil {
					t.Fatalf("%s: marker names unknown pass %q", f, f.pass)
				}
				want = append(want, f)
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("fixture has no expectation markers")
	}
	return want
}

// parseVetJSON decodes go vet -json output: one JSON object per package,
// mapping package path to analyzer name to diagnostics (or an error).
func parseVetJSON(t *testing.T, mod, out string) []finding {
	t.Helper()
	var got []finding
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("go vet -json output: %v\n%s", err, out)
		}
		for pkg, byPass := range tree {
			for pass, raw := range byPass {
				var diags []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s failed: %s", pkg, pass, raw)
					continue
				}
				for _, d := range diags {
					got = append(got, parsePosn(t, mod, pass, d.Posn, d.Message))
				}
			}
		}
	}
	return got
}

// parsePosn splits "file:line:col".
func parsePosn(t *testing.T, mod, pass, posn, msg string) finding {
	t.Helper()
	rest, _, ok := cutLast(posn, ":") // column
	file, lineStr, ok2 := cutLast(rest, ":")
	line, err := strconv.Atoi(lineStr)
	if !ok || !ok2 || err != nil {
		t.Fatalf("unexpected position %q", posn)
	}
	if rel, err := filepath.Rel(mod, file); err == nil {
		file = rel
	}
	return finding{pass: pass, file: filepath.ToSlash(file), line: line, message: msg}
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// checkFindings compares the findings of the implemented passes with the
// markers: each marker needs its finding, and an implemented pass must
// stay silent on every unmarked line. A pass still being written (its doc
// says "not implemented yet") is not held to the markers.
func checkFindings(t *testing.T, got, want []finding) {
	t.Helper()
	key := func(f finding) string { return f.String() }
	gotKeys := make(map[string]finding)
	for _, f := range got {
		gotKeys[key(f)] = f
	}
	wantKeys := make(map[string]bool)
	for _, f := range want {
		wantKeys[key(f)] = true
		if !implemented(f.pass) {
			t.Logf("%s: pass %s is not implemented yet; finding not checked", f, f.pass)
			continue
		}
		if _, ok := gotKeys[key(f)]; !ok {
			t.Errorf("missing finding %s", f)
		}
	}
	for _, f := range got {
		switch {
		case wantKeys[key(f)]:
		case !implemented(f.pass):
			t.Logf("%s: pass %s is not implemented yet; unexpected finding not checked: %s", f, f.pass, f.message)
		default:
			t.Errorf("unexpected finding %s: %s", f, f.message)
		}
	}
}

func analyzerNamed(name string) *analysis.Analyzer {
	for _, a := range analyzers.All() {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// implemented reports whether the pass does its job yet: the passes are
// created as skeletons whose doc says so.
func implemented(pass string) bool {
	a := analyzerNamed(pass)
	return a != nil && !strings.Contains(a.Doc, "not implemented yet")
}

func hasLinePrefix(out, prefix string) bool {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
}
