// Command corpuscheck is the engine of scripts/corpus.sh: it runs
// resetlint over real code it did not write (the standard library and
// the modules of the module cache that the project depends on) and
// checks that it never panics or hangs, that its output is the same
// twice, and that every suggested fix, applied in an overlay, leaves
// code that still builds. It prints a summary and exits non-zero on any
// failure.
//
//	go run ./internal/corpuscheck -tool BIN [-slice | -only PATH] [-timeout D]
//
// -slice checks only the standard net packages (what CI runs); -only
// checks only the batches of modules whose path contains PATH.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/resetlint/resetlint/analyzers"
	"github.com/resetlint/resetlint/internal/driver"
)

var (
	tool    = flag.String("tool", "", "the resetlint binary to check")
	slice   = flag.Bool("slice", false, "check only the standard net packages")
	timeout = flag.Duration("timeout", 15*time.Minute, "time bound of one resetlint run on one package set")
	batch   = flag.Int("batch", 10, "modules per package set")
	only    = flag.String("only", "", "check only the modules whose path contains this string (and not std)")
)

// A set is a group of package patterns resolved in one module.
type set struct {
	name     string
	dir      string // where go resolves the patterns
	patterns []string
}

type summary struct {
	packages  int
	findings  map[string]int // per pass
	skipped   int            // analyses skipped (packages with errors)
	fixes     int            // suggested fixes
	applied   int            // applied (merged without conflict)
	files     int            // files changed by them
	verified  int            // packages that build with the fixes
	failures  []string
	durations time.Duration
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("corpuscheck: ")
	flag.Parse()
	if *tool == "" {
		log.Fatal("-tool is required")
	}
	repo, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	sets := []set{{"std", repo, []string{"std"}}}
	if *only != "" {
		sets = nil
		for _, s := range moduleSets(repo) {
			if strings.Contains(s.name, *only) {
				sets = append(sets, s)
			}
		}
	}
	if *slice {
		sets = []set{{"std net packages", repo, []string{"net/..."}}}
	} else if *only == "" {
		sets = append(sets, moduleSets(repo)...)
	}

	total := &summary{findings: make(map[string]int)}
	for _, s := range sets {
		start := time.Now()
		fmt.Printf("== %s (%s)\n", s.name, strings.Join(s.patterns, " "))
		sum := check(s)
		sum.durations = time.Since(start)
		fmt.Printf("   %d packages, %d findings, %d fixes (%d applied to %d files, %d packages verified), %s\n",
			sum.packages, count(sum.findings), sum.fixes, sum.applied, sum.files, sum.verified, sum.durations.Round(time.Second))
		for _, f := range sum.failures {
			fmt.Printf("   FAIL %s\n", f)
		}
		total.packages += sum.packages
		total.skipped += sum.skipped
		total.fixes += sum.fixes
		total.applied += sum.applied
		total.files += sum.files
		total.verified += sum.verified
		for p, n := range sum.findings {
			total.findings[p] += n
		}
		for _, f := range sum.failures {
			total.failures = append(total.failures, s.name+": "+f)
		}
	}

	fmt.Printf("\n== summary\n")
	fmt.Printf("package sets:      %d\n", len(sets))
	fmt.Printf("packages:          %d, test variants included (analyses skipped on packages with errors: %d)\n", total.packages, total.skipped)
	fmt.Printf("findings per pass:\n")
	var passes []string
	for _, a := range analyzers.All() {
		passes = append(passes, a.Name)
	}
	for _, p := range passes {
		fmt.Printf("    %-18s %d\n", p, total.findings[p])
	}
	fmt.Printf("fixes:             %d suggested, %d applied (to %d files), %d packages built with them\n",
		total.fixes, total.applied, total.files, total.verified)
	fmt.Printf("panics: %d, hangs: %d, nondeterministic outputs: %d, fixes that break the build: %d\n",
		countPrefix(total.failures, "panic"), countPrefix(total.failures, "hang"),
		countPrefix(total.failures, "nondeterministic"), countPrefix(total.failures, "fix"))
	if len(total.failures) > 0 {
		fmt.Printf("FAILED: %d failures\n", len(total.failures))
		os.Exit(1)
	}
	fmt.Println("PASS")
}

// moduleSets lists the modules the project depends on, in its own module
// and in the module that builds golangci-lint with the plugin, that are
// present in the module cache, in batches.
func moduleSets(repo string) []set {
	var sets []set
	seen := make(map[string]bool)
	for _, dir := range []string{repo, filepath.Join(repo, "tools", "golangci-custom")} {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
			continue
		}
		cmd := exec.Command("go", "list", "-m", "-f", "{{if not .Main}}{{.Path}} {{.Dir}}{{end}}", "all")
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			fmt.Printf("-- %s: cannot list modules: %v\n", dir, err)
			continue
		}
		var present []string
		for line := range strings.SplitSeq(string(out), "\n") {
			path, modDir, ok := strings.Cut(line, " ")
			if !ok || seen[path] || path == "github.com/resetlint/resetlint" {
				continue
			}
			seen[path] = true
			if modDir == "" {
				fmt.Printf("-- %s: not in the module cache, skipped\n", path)
				continue
			}
			// One pattern that go cannot resolve in this build list
			// (a module needed only by tests of a dependency) would
			// fail its whole batch.
			find := exec.Command("go", "list", "-e", "-find", path+"/...")
			find.Dir = dir
			if out, err := find.Output(); err != nil || len(bytes.TrimSpace(out)) == 0 {
				fmt.Printf("-- %s: its packages cannot be listed in this build list, skipped\n", path)
				continue
			}
			present = append(present, path)
		}
		for i := 0; i < len(present); i += *batch {
			mods := present[i:min(i+*batch, len(present))]
			var patterns []string
			for _, m := range mods {
				patterns = append(patterns, m+"/...")
			}
			name := fmt.Sprintf("modules %s", strings.Join(mods, ", "))
			sets = append(sets, set{name, dir, patterns})
		}
	}
	return sets
}

func check(s set) *summary {
	sum := &summary{findings: make(map[string]int)}

	// 1. The binary, twice: no panic, no hang, the same output.
	first, err := runTool(s, "-json")
	if err != nil {
		sum.failures = append(sum.failures, err.Error())
		return sum
	}
	second, err := runTool(s, "-json")
	if err != nil {
		sum.failures = append(sum.failures, err.Error())
		return sum
	}
	if first.stdout != second.stdout || first.stderr != second.stderr {
		sum.failures = append(sum.failures, "nondeterministic: two runs printed different output")
	}
	countFindings(first.stdout, sum)

	// 2. The fixes, applied in an overlay: the packages still build.
	checkFixes(s, sum)
	return sum
}

type output struct{ stdout, stderr string }

// runTool runs resetlint on the set within the time bound.
func runTool(s set, args ...string) (output, error) {
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, *tool, append(args, s.patterns...)...)
	cmd.Dir = s.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	out := output{o.String(), e.String()}
	if ctx.Err() != nil {
		return out, fmt.Errorf("hang: no result within %s", *timeout)
	}
	if strings.Contains(out.stderr, "panic: ") || strings.Contains(out.stderr, "\ngoroutine ") {
		return out, fmt.Errorf("panic:\n%s", tail(out.stderr, 40))
	}
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		// With -json, 0 is success and 1 means some packages have errors.
		return out, fmt.Errorf("exit: %v\n%s", err, tail(out.stderr, 20))
	}
	return out, nil
}

// countFindings reads the -json output: one object per package, mapping
// analyzer name to diagnostics or to an error. A finding in a file that
// belongs to a package and to its test variant counts once.
func countFindings(stdout string, sum *summary) {
	dec := json.NewDecoder(strings.NewReader(stdout))
	seen := make(map[string]bool)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			sum.failures = append(sum.failures, fmt.Sprintf("-json output does not decode: %v", err))
			return
		}
		for _, byPass := range tree {
			for pass, raw := range byPass {
				var diags []struct{ Posn, Message string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					sum.skipped++ // {"error": ...}
					continue
				}
				for _, d := range diags {
					key := pass + d.Posn + d.Message
					if !seen[key] {
						seen[key] = true
						sum.findings[pass]++
					}
				}
			}
		}
	}
}

// checkFixes analyses the set in process, computes the fixed files as
// -fix would write them, and builds the packages they belong to with the
// fixed files in place of the originals (for a fixed test file, the
// package's test binary is compiled).
func checkFixes(s set, sum *summary) {
	loaded, err := driver.Load(s.dir, true, s.patterns...)
	if err != nil {
		sum.failures = append(sum.failures, fmt.Sprintf("load: %v", err))
		return
	}
	sum.packages = len(loaded.Roots) // test variants included
	graph, err := checker.Analyze(analyzers.All(), loaded.Roots, nil)
	if err != nil {
		sum.failures = append(sum.failures, fmt.Sprintf("analyze: %v", err))
		return
	}
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				sum.fixes++
			}
		}
	}
	files, applied, _, _ := driver.Fixed(graph.Roots)
	sum.applied, sum.files = applied, len(files)
	if len(files) == 0 {
		return
	}

	tmp, err := os.MkdirTemp("", "resetlint-corpus-")
	if err != nil {
		sum.failures = append(sum.failures, err.Error())
		return
	}
	defer os.RemoveAll(tmp)

	// Files of the module cache cannot be laid over (go refuses): their
	// modules are copied, fixed, and used through a workspace. Other
	// files (the standard library, the main module) get an overlay.
	modDirs := make(map[string]bool) // module cache directories to copy
	for _, act := range graph.Roots {
		if m := act.Package.Module; m != nil && m.Dir != "" && m.Version != "" {
			for _, f := range act.Package.CompiledGoFiles {
				if _, ok := files[f]; ok {
					modDirs[m.Dir] = true
				}
			}
		}
	}
	var work []string
	copied := make(map[string]string) // module dir -> copy
	for dir := range modDirs {
		cp := filepath.Join(tmp, "mod", fmt.Sprint(len(copied)))
		if err := os.CopyFS(cp, os.DirFS(dir)); err != nil {
			sum.failures = append(sum.failures, err.Error())
			return
		}
		copied[dir] = cp
		work = append(work, cp)
	}
	replace := make(map[string]string)
	i := 0
	for name, content := range files {
		target := ""
		for dir, cp := range copied {
			if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
				target = filepath.Join(cp, rel)
				os.Chmod(target, 0o644)
			}
		}
		if target == "" {
			target = filepath.Join(tmp, fmt.Sprintf("%d.go", i))
			replace[name] = target
			i++
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			sum.failures = append(sum.failures, err.Error())
			return
		}
	}
	overlay := filepath.Join(tmp, "overlay.json")
	data, _ := json.Marshal(map[string]any{"Replace": replace})
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		sum.failures = append(sum.failures, err.Error())
		return
	}
	env := os.Environ()
	if len(work) > 0 {
		gowork := filepath.Join(tmp, "go.work")
		content := "go " + strings.TrimPrefix(runtime.Version(), "go") + "\n\nuse (\n\t" + s.dir + "\n"
		for _, w := range work {
			content += "\t" + w + "\n"
		}
		content += ")\n"
		if err := os.WriteFile(gowork, []byte(content), 0o644); err != nil {
			sum.failures = append(sum.failures, err.Error())
			return
		}
		env = append(env, "GOWORK="+gowork, "GOFLAGS=")
	}

	// The packages to build: those owning a fixed file.
	build, test := make(map[string]bool), make(map[string]bool)
	for _, act := range graph.Roots {
		p := act.Package
		for _, f := range p.CompiledGoFiles {
			if _, ok := files[f]; !ok {
				continue
			}
			if strings.HasSuffix(f, "_test.go") {
				test[p.PkgPath] = true
			} else if !strings.Contains(p.ID, " [") {
				build[p.PkgPath] = true
			}
		}
	}
	for _, pkgs := range []struct {
		args []string
		set  map[string]bool
	}{
		{[]string{"build", "-overlay=" + overlay}, build},
		{[]string{"test", "-count=1", "-run=^$", "-overlay=" + overlay}, test},
	} {
		if len(pkgs.set) == 0 {
			continue
		}
		var list []string
		for p := range pkgs.set {
			list = append(list, strings.TrimSuffix(p, "_test"))
		}
		sort.Strings(list)
		cmd := exec.Command("go", append(pkgs.args, list...)...)
		cmd.Dir = s.dir
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			sum.failures = append(sum.failures, fmt.Sprintf("fix breaks the build (go %s): %v\n%s", pkgs.args[0], err, tail(string(out), 40)))
			continue
		}
		sum.verified += len(list)
	}
}

func count(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func countPrefix(list []string, prefix string) int {
	n := 0
	for _, s := range list {
		if _, rest, ok := strings.Cut(s, ": "); ok && strings.HasPrefix(rest, prefix) || strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
