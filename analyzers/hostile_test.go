package analyzers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/resetlint/resetlint/analyzers"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
	"github.com/resetlint/resetlint/internal/driver"
)

// TestHostile runs every pass on input that breaks naive analyses:
// testdata/src/hostile (type errors, cgo, generics with handler-shaped
// type parameters, closures nested 40 deep) and, generated here, a
// 50,000-line file, a 12,000-line handler of 2,000 branches, a package
// with syntax errors and closures nested 500 deep. Each pass must analyse each package or skip it cleanly (a package
// with errors), never panic, and finish in bounded time. It loads the
// packages both as analysistest and golangci-lint do (everything from
// source) and as resetlint does.
func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks a 50,000-line file twice")
	}
	gopath := t.TempDir()
	src := filepath.Join(gopath, "src")
	for _, dir := range []string{"hostile", "github.com"} {
		if err := os.CopyFS(filepath.Join(src, dir), os.DirFS(filepath.Join(passtest.TestData(), "src", dir))); err != nil {
			t.Fatal(err)
		}
	}
	lines := writeHuge(t, filepath.Join(src, "hostile", "huge", "huge.go"))
	if lines < 50_000 {
		t.Fatalf("generated %d lines, want at least 50,000", lines)
	}
	write(t, filepath.Join(src, "hostile", "giant", "giant.go"), giant(2000))
	write(t, filepath.Join(src, "hostile", "syntax", "syntax.go"), syntaxErrors)
	write(t, filepath.Join(src, "hostile", "deep", "deep.go"), deepClosures(500))

	env := append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off")
	withErrors := map[string]bool{"hostile/typeerrors": true, "hostile/syntax": true}

	t.Run("all from source", func(t *testing.T) {
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: src, Env: env}
		pkgs, err := packages.Load(cfg, "hostile/...")
		if err != nil {
			t.Fatal(err)
		}
		runGuarded(t, pkgs, withErrors)
	})
	// resetlint's loader also builds export data of the targets with the
	// compiler, which gives up on closures nested 500 deep; huge and giant
	// stress the passes, which the first run covers.
	t.Run("resetlint loader", func(t *testing.T) {
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			t.Setenv(k, v)
		}
		loaded, err := driver.Load(src, false, "hostile/typeerrors", "hostile/syntax", "hostile/cgo", "hostile/generics", "hostile/closures")
		if err != nil {
			t.Fatal(err)
		}
		runGuarded(t, loaded.Roots, withErrors)
	})
}

// runGuarded runs the suite with every analyzer's panics turned into
// errors and checks each action: no panic, no error on a package without
// errors, at most a clean skip on one with errors.
func runGuarded(t *testing.T, pkgs []*packages.Package, withErrors map[string]bool) {
	t.Helper()
	if len(pkgs) < 5 {
		t.Fatalf("loaded %d packages, want the hostile ones", len(pkgs))
	}
	start := time.Now()
	graph, err := checker.Analyze(guarded(analyzers.All()), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if elapsed > 3*time.Minute {
		t.Errorf("the suite took %s on the hostile packages", elapsed)
	}
	analysed := make(map[string]int)
	slowest := make(map[string]time.Duration) // "analyzer on package"
	for act := range graph.All() {
		path := act.Package.PkgPath
		if d := act.Duration; d > 100*time.Millisecond {
			slowest[act.Analyzer.Name+" on "+path] = d
		}
		switch {
		case act.Err == nil:
			if act.IsRoot {
				analysed[path]++
			}
		case strings.HasPrefix(act.Err.Error(), "panic"):
			t.Errorf("%s panicked on %s: %v", act.Analyzer.Name, path, act.Err)
		case withErrors[path] && (strings.Contains(act.Err.Error(), "analysis skipped due to errors in package") ||
			strings.HasPrefix(act.Err.Error(), "failed prerequisites")):
			// A clean skip.
		case !strings.HasPrefix(path, "hostile/"):
			// A dependency analysed for facts (net/http, ...).
			t.Errorf("%s failed on dependency %s: %v", act.Analyzer.Name, path, act.Err)
		default:
			t.Errorf("%s failed on %s: %v", act.Analyzer.Name, path, act.Err)
		}
	}
	for _, p := range pkgs {
		if !withErrors[p.PkgPath] && analysed[p.PkgPath] != len(analyzers.All()) {
			t.Errorf("%s: %d of %d passes analysed it", p.PkgPath, analysed[p.PkgPath], len(analyzers.All()))
		}
	}
	var names []string
	for name := range slowest {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return slowest[names[i]] > slowest[names[j]] })
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, " %s=%s", name, slowest[name].Round(time.Millisecond))
	}
	t.Logf("suite: %s; actions over 100ms:%s", elapsed.Round(time.Millisecond), b.String())
}

// guarded returns twins of the analyzers (and of everything they
// require) whose Run turns a panic into an error.
func guarded(all []*analysis.Analyzer) []*analysis.Analyzer {
	twins := make(map[*analysis.Analyzer]*analysis.Analyzer)
	var twin func(a *analysis.Analyzer) *analysis.Analyzer
	twin = func(a *analysis.Analyzer) *analysis.Analyzer {
		if tw, ok := twins[a]; ok {
			return tw
		}
		tw := &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			FactTypes:        a.FactTypes,
			ResultType:       a.ResultType,
			RunDespiteErrors: a.RunDespiteErrors,
		}
		twins[a] = tw
		for _, req := range a.Requires {
			tw.Requires = append(tw.Requires, twin(req))
		}
		tw.Run = func(pass *analysis.Pass) (result any, err error) {
			defer func() {
				if v := recover(); v != nil {
					result, err = nil, fmt.Errorf("panic: %v\n%s", v, debug.Stack())
				}
			}()
			p := *pass
			p.Analyzer = a
			p.ResultOf = make(map[*analysis.Analyzer]any, len(a.Requires))
			for _, req := range a.Requires {
				p.ResultOf[req] = pass.ResultOf[twins[req]]
			}
			return a.Run(&p)
		}
		return tw
	}
	out := make([]*analysis.Analyzer, len(all))
	for i, a := range all {
		out[i] = twin(a)
	}
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeHuge writes a generated file of more than 50,000 lines: 2,300
// small handlers of every shape.
func writeHuge(t *testing.T, path string) int {
	t.Helper()
	var b strings.Builder
	b.WriteString(`// Code generated for TestHostile; DO NOT EDIT.

package huge

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

var _ = context.Background
`)
	for i := range 2300 {
		fmt.Fprintf(&b, `
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	var v map[string]any
	if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	if v == nil {
		panic("no body")
	}
	time.Sleep(time.Duration(%[1]d))
	resp, err := http.Get("http://upstream/%[1]d")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	go func() { fmt.Fprintln(w, len(data)) }()
	w.Write(data)
	fmt.Fprintf(w, "%%d", %[1]d)
	w.Header().Set("X-N", "%[1]d")
	w.WriteHeader(http.StatusOK)
}
`, i)
	}
	write(t, path, b.String())
	return strings.Count(b.String(), "\n")
}

// giant returns a package with one handler of 6 lines a branch: branches
// that write, sleep and reply with an error, one after the other.
func giant(branches int) string {
	var b strings.Builder
	b.WriteString("package giant\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"time\"\n)\n\n")
	b.WriteString("func handle(w http.ResponseWriter, r *http.Request) {\n\tn := len(r.URL.Path)\n")
	for i := range branches {
		fmt.Fprintf(&b, "\tif n == %d {\n\t\tfmt.Fprintln(w, n)\n\t\ttime.Sleep(1)\n\t} else if n > %d {\n\t\thttp.Error(w, \"x\", 400)\n\t}\n", i, 100000+i)
	}
	b.WriteString("\tw.WriteHeader(200)\n}\n")
	return b.String()
}

const syntaxErrors = `package syntax

import "net/http"

func handle(w http.ResponseWriter, r *http.Request {
	if r == nil {
		http.Error(w, "x", 400)
	w.Write([]byte("y"))
	go func() { w.Write(nil) }(
}

func other(w http.ResponseWriter, r *http.Request) {
	for {
		select {
		case <-r.Context().Done()
			return
		}
	}
`

// deepClosures returns a package with one handler whose body nests depth
// handler-shaped function literals.
func deepClosures(depth int) string {
	var b strings.Builder
	b.WriteString("package deep\n\nimport \"net/http\"\n\nfunc handle(w http.ResponseWriter, r *http.Request) {\n")
	for i := range depth {
		fmt.Fprintf(&b, "func(w http.ResponseWriter, r *http.Request) {\nw.Header().Set(\"X\", \"%d\")\n", i)
	}
	b.WriteString("panic(r)\n")
	for range depth {
		b.WriteString("}(w, r)\n")
	}
	b.WriteString("}\n")
	return b.String()
}
