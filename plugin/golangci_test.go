package plugin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers"
)

// golangciEnv names the golangci-lint binary with the plugin linked in
// (scripts/golangci-custom.sh OUT), absolute or relative to the
// repository root. Without it TestGolangci is skipped:
// building that binary takes minutes the first time, so `go test ./...`
// does not; .ci/run builds it and runs this test as a step of its own.
const golangciEnv = "RESETLINT_GOLANGCI"

// TestGolangci runs the custom golangci-lint on testdata/shop, a module
// whose handlers call reply helpers of another package, with the
// repository's .golangci.example.yml as the module's .golangci.yml.
//
// Comments in the fixture say what must be reported: "lint: PASS" on the
// line, "lint-next-line: PASS" on the line below; "silenced: PASS" and
// "silenced-next-line: PASS" mark findings a //nolint:resetlint
// directive hides, which appear once the directive is removed.
func TestGolangci(t *testing.T) {
	bin := os.Getenv(golangciEnv)
	if bin == "" {
		t.Skipf("set %s to a golangci-lint built by scripts/golangci-custom.sh", golangciEnv)
	}
	if !filepath.IsAbs(bin) {
		// Relative to the repository root, where .ci/run runs.
		bin = filepath.Join("..", bin)
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join("..", ".golangci.example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	env := golangciTestEnv(t)
	mod := copyFixture(t, string(example), nil)
	lint, silenced := lintMarkers(t, mod)

	t.Run("version", func(t *testing.T) {
		// nvim-lint picks its arguments from this line: v1, v2.0 or
		// later v2. It must read as a v2 later than v2.0.
		out, _, err := runIn(mod, env, bin, "version")
		if err != nil || !strings.Contains(out, "has version 2.") || strings.Contains(out, "version 2.0.") {
			t.Errorf("golangci-lint version: %v, %q", err, out)
		}
	})

	t.Run("config verify", func(t *testing.T) {
		// golangci-lint checks the example against its configuration schema.
		if _, stderr, err := runIn(mod, env, bin, "config", "verify"); err != nil {
			t.Errorf(".golangci.example.yml fails golangci-lint config verify: %v\n%s", err, stderr)
		}
	})

	t.Run("findings", func(t *testing.T) {
		sarif := filepath.Join(t.TempDir(), "resetlint.sarif")
		out, stderr, err := runIn(mod, env, bin, "run", "--output.json.path=stdout", "--output.text.path=",
			"--show-stats=false", "--output.sarif.path="+sarif, "./...")
		if code := exitCode(err); code != 1 {
			t.Fatalf("golangci-lint run: exit code %d, want 1 (issues found)\n%s", code, stderr)
		}
		got := parseIssues(t, mod, out)
		checkLint(t, got, lint)

		// SARIF carries the same findings, with paths relative to the
		// module (as code-scanning uploads need).
		data, err := os.ReadFile(sarif)
		if err != nil {
			t.Fatalf("no SARIF written: %v", err)
		}
		var sarifGot []lintFinding
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Message   struct{ Text string }
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine int }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("SARIF: %v, %d runs\n%s", err, len(log.Runs), data)
		}
		for _, r := range log.Runs[0].Results {
			if r.RuleID != Name || len(r.Locations) != 1 {
				t.Errorf("SARIF result %+v: want ruleId %s and one location", r, Name)
				continue
			}
			loc := r.Locations[0].PhysicalLocation
			pass, _, _ := strings.Cut(r.Message.Text, ": ")
			sarifGot = append(sarifGot, lintFinding{pass: pass, file: loc.ArtifactLocation.URI, line: loc.Region.StartLine, text: r.Message.Text})
		}
		if len(sarifGot) == 0 {
			t.Errorf("SARIF has no results:\n%s", data)
		}
		if !slices.Equal(keys(sarifGot), keys(got)) {
			t.Errorf("SARIF results %v differ from the JSON issues %v", keys(sarifGot), keys(got))
		}
	})

	t.Run("nolint", func(t *testing.T) {
		// Without the //nolint:resetlint directives, the findings they
		// silenced appear: the directives, not something else, hide them.
		bare := copyFixture(t, string(example), func(src string) string {
			return strings.ReplaceAll(src, "//nolint:resetlint", "// (directive removed)")
		})
		out, stderr, err := runIn(bare, env, bin, "run", "--output.json.path=stdout", "--output.text.path=", "--show-stats=false", "./...")
		if code := exitCode(err); code != 1 {
			t.Fatalf("golangci-lint run: exit code %d\n%s", code, stderr)
		}
		checkLint(t, parseIssues(t, bare, out), append(slices.Clone(lint), silenced...))
	})

	t.Run("disable", func(t *testing.T) {
		// A setting turns a pass off; the other passes still run.
		cfg := strings.Replace(string(example), "disable: []", "disable: [ignoredirective]", 1)
		if cfg == string(example) {
			t.Fatal(".golangci.example.yml has no `disable: []` line to edit")
		}
		off := copyFixture(t, cfg, nil)
		out, stderr, err := runIn(off, env, bin, "run", "--output.json.path=stdout", "--output.text.path=", "--show-stats=false", "./...")
		if code := exitCode(err); code > 1 {
			t.Fatalf("golangci-lint run: exit code %d\n%s", code, stderr)
		}
		var rest []lintFinding
		for _, f := range lint {
			if f.pass != "ignoredirective" {
				rest = append(rest, f)
			}
		}
		checkLint(t, parseIssues(t, off, out), rest)
	})

	t.Run("bad settings", func(t *testing.T) {
		// golangci-lint stops with the plugin's error, naming the culprit.
		// Each case is the plugin's settings in a minimal configuration.
		const minimal = `version: "2"
linters:
  default: none
  enable: [resetlint]
  settings:
    custom:
      resetlint:
        type: module
        settings:
          SETTING
`
		cases := map[string]string{
			"nosuchsetting: {x: 1}":         `unknown setting "nosuchsetting"`,
			"disable: [nosuchpass]":         `disable names unknown pass "nosuchpass"`,
			"ignoredirective: {verbose: 1}": "pass ignoredirective has no flags",
		}
		for _, a := range analyzers.Fresh() {
			a.Flags.VisitAll(func(f *flag.Flag) {
				if isBool(f) {
					cases[fmt.Sprintf("%s: {%s: maybe}", a.Name, strings.ToLower(f.Name))] =
						fmt.Sprintf(`%s.%s: invalid value "maybe"`, a.Name, f.Name)
				}
			})
		}
		for setting, want := range cases {
			dir := copyFixture(t, strings.Replace(minimal, "SETTING", setting, 1), nil)
			_, stderr, err := runIn(dir, env, bin, "run", "./...")
			if code := exitCode(err); code <= 1 || !strings.Contains(stderr, want) {
				t.Errorf("setting %q: exit code %d, want a failure saying %q; stderr:\n%s", setting, code, want, stderr)
			}
		}
	})

	// The editors' command lines, exactly as the editors build them.
	handlerFile := filepath.Join(mod, "handler", "handler.go")

	t.Run("vscode", func(t *testing.T) {
		// vscode-go, "go.lintTool": "golangci-lint-v2", lint on save of
		// the package: it runs the tool in the file's directory with
		// these flags and reads file:line:col: lines from stdout.
		out, stderr, err := runIn(filepath.Dir(handlerFile), env, bin, "run", "--issues-exit-code=0",
			"--output.text.print-issued-lines=false", "--show-stats=false", "--output.text.path=stdout", "--path-mode=abs")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		var got []lintFinding
		for _, m := range vscodeLine.FindAllStringSubmatch(out, -1) {
			pass, _, _ := strings.Cut(m[3], ": ")
			rel, _ := filepath.Rel(mod, m[1])
			got = append(got, lintFinding{pass: pass, file: filepath.ToSlash(rel), line: atoi(t, m[2]), text: m[3]})
		}
		checkLint(t, got, lint)
	})

	t.Run("nvim-lint", func(t *testing.T) {
		// nvim-lint's golangcilint linter for golangci-lint v2.1 and
		// later: it runs in Neovim's working directory (the module root)
		// on the buffer's directory and reads JSON from stdout.
		out, stderr, err := runIn(mod, env, bin, "run", "--output.json.path=stdout",
			"--output.text.path=", "--output.tab.path=", "--output.html.path=", "--output.checkstyle.path=",
			"--output.code-climate.path=", "--output.junit-xml.path=", "--output.teamcity.path=",
			"--output.sarif.path=", "--issues-exit-code=0", "--show-stats=false", "--path-mode=abs",
			filepath.Dir(handlerFile))
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		got := parseIssues(t, mod, out)
		checkLint(t, got, lint)
	})
}

// vscodeLine is the pattern vscode-go applies to each output line of a
// lint or vet tool (its diagnostics.ts), reduced to the groups it uses.
var vscodeLine = regexp.MustCompile(`(?m)^(?:[^:]*: )?((?:.:)?[^:]*):(\d+)(?::(?:\d+)?)?:(?:\w+:)? (.*)$`)

func golangciTestEnv(t *testing.T) []string {
	drop := []string{"GOLANGCI_LINT_CACHE=", "GOFLAGS=", "GOWORK=", "GOPROXY=", "GOTOOLCHAIN="}
	var env []string
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(drop, func(p string) bool { return strings.HasPrefix(kv, p) }) {
			env = append(env, kv)
		}
	}
	// A private result cache: no finding is replayed from another run.
	return append(env, "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
}

// copyFixture copies testdata/shop into a temporary directory with cfg as
// its .golangci.yml, passing each Go file through edit when it is set.
func copyFixture(t *testing.T, cfg string, edit func(string) string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "shop")
	src := filepath.Join("testdata", "shop")
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if edit != nil && strings.HasSuffix(path, ".go") {
			data = []byte(edit(string(data)))
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, ".golangci.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

func runIn(dir string, env []string, name string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// A lintFinding is one resetlint issue: the pass that its text starts
// with, the file relative to the module, the line.
type lintFinding struct {
	pass string
	file string
	line int
	text string
}

func (f lintFinding) key() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.pass) }

func keys(fs []lintFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.key())
	}
	slices.Sort(out)
	return out
}

var lintMarker = regexp.MustCompile(`\b(lint|silenced)(-next-line)?: ([a-z]+)\b`)

// lintMarkers reads the fixture's expectations: findings to report, and
// findings a //nolint directive silences.
func lintMarkers(t *testing.T, mod string) (lint, silenced []lintFinding) {
	t.Helper()
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
			for _, m := range lintMarker.FindAllStringSubmatch(sc.Text(), -1) {
				f := lintFinding{pass: m[3], file: filepath.ToSlash(rel), line: line}
				if m[2] != "" {
					f.line++
				}
				if !slices.ContainsFunc(analyzers.All(), func(a *analysis.Analyzer) bool { return a.Name == f.pass }) {
					t.Fatalf("%s: marker names unknown pass %q", f.key(), f.pass)
				}
				if m[1] == "lint" {
					lint = append(lint, f)
				} else {
					silenced = append(silenced, f)
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lint) == 0 || len(silenced) == 0 {
		t.Fatal("fixture lacks lint: or silenced: markers")
	}
	return lint, silenced
}

// parseIssues decodes golangci-lint's JSON output and keeps resetlint's
// issues, checking that each names its pass.
func parseIssues(t *testing.T, mod, out string) []lintFinding {
	t.Helper()
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename string
				Line     int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("golangci-lint JSON output: %v\n%s", err, out)
	}
	var got []lintFinding
	for _, is := range report.Issues {
		if is.FromLinter != Name {
			t.Errorf("unexpected issue from %s: %s", is.FromLinter, is.Text)
			continue
		}
		pass, _, _ := strings.Cut(is.Text, ": ")
		if !slices.ContainsFunc(analyzers.All(), func(a *analysis.Analyzer) bool { return a.Name == pass }) {
			t.Errorf("issue %q does not start with a pass name", is.Text)
		}
		file := is.Pos.Filename
		if filepath.IsAbs(file) {
			file, _ = filepath.Rel(mod, file)
		}
		got = append(got, lintFinding{pass: pass, file: filepath.ToSlash(file), line: is.Pos.Line, text: is.Text})
	}
	return got
}

// checkLint compares resetlint's findings with the expected ones; a pass
// still being written (its doc says "not implemented yet") is not held to
// its markers.
func checkLint(t *testing.T, got, want []lintFinding) {
	t.Helper()
	gotKeys := make(map[string]lintFinding)
	for _, f := range got {
		gotKeys[f.key()] = f
	}
	wantKeys := make(map[string]bool)
	for _, f := range want {
		wantKeys[f.key()] = true
		if !implemented(f.pass) {
			t.Logf("%s: pass %s is not implemented yet; finding not checked", f.key(), f.pass)
			continue
		}
		if _, ok := gotKeys[f.key()]; !ok {
			t.Errorf("missing finding %s", f.key())
		}
	}
	for _, f := range got {
		switch {
		case wantKeys[f.key()]:
		case !implemented(f.pass):
			t.Logf("%s: pass %s is not implemented yet; unexpected finding not checked: %s", f.key(), f.pass, f.text)
		default:
			t.Errorf("unexpected finding %s: %s", f.key(), f.text)
		}
	}
}

func implemented(pass string) bool {
	for _, a := range analyzers.All() {
		if a.Name == pass {
			return !strings.Contains(a.Doc, "not implemented yet")
		}
	}
	return false
}

func atoi(t *testing.T, s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
