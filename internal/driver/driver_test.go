package driver_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The driver is tested end to end: testdata/probecmd is the driver with
// two probe analyzers in place of the passes (probe records a fact on
// every function body it analyses and reports, in the handler package,
// each call of another package's function with whether the callee has the
// fact and whether ctrlflow knows it does not return), run on
// testdata/svc, a module whose vendored dependency example.com/lib@v1.0.0
// stands for a released module.

var (
	buildOnce sync.Once
	probeBin  string
	buildErr  error
)

// probecmd builds testdata/probecmd once per test binary.
func probecmd(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "resetlint-probecmd-")
		if err != nil {
			buildErr = err
			return
		}
		probeBin = filepath.Join(dir, "probecmd")
		out, err := exec.Command("go", "build", "-o", probeBin, "./testdata/probecmd").CombinedOutput()
		if err != nil {
			buildErr = &cmdError{err, string(out)}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return probeBin
}

type cmdError struct {
	err error
	out string
}

func (e *cmdError) Error() string { return e.err.Error() + "\n" + e.out }

// svc copies testdata/svc to a temporary directory (fixes edit it).
func svc(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "svc")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "svc"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func env() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOWORK=") && !strings.HasPrefix(kv, "GOPROXY=") {
			out = append(out, kv)
		}
	}
	return append(out, "GOFLAGS=-mod=vendor", "GOWORK=off", "GOPROXY=off")
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{o.String(), e.String(), code}
}

// findings maps "line: message" of the handler package's findings; each
// must appear once although the package and its test variant both
// report it.
func findings(t *testing.T, stderr string) map[string]int {
	t.Helper()
	out := make(map[string]int)
	for line := range strings.SplitSeq(stderr, "\n") {
		_, rest, ok := strings.Cut(line, "handler.go:")
		if !ok {
			continue
		}
		lineNo, rest, _ := strings.Cut(rest, ":")
		_, msg, _ := strings.Cut(rest, ": ")
		out[lineNo+": "+msg]++
	}
	return out
}

// What the facts tell about each kind of dependency.
var wantStandalone = []string{
	// A released dependency that imports net/http: analysed.
	"17: call of example.com/lib/web.Reply: fact=true noreturn=false",
	// ... trimmed to its request functions and what they refer to.
	"18: call of example.com/lib/web.Unrelated: fact=false noreturn=false",
	// A released dependency without net/http: export data; the facts of
	// web's methods still reach the handler through it.
	"19: call of (*example.com/lib/web.T).Serve: fact=true noreturn=false",
	"19: call of example.com/lib/mid.Get: fact=false noreturn=false",
	"20: call of example.com/lib/plain.Check: fact=false noreturn=false",
	// User code without net/http: analysed.
	"21: call of example.com/svc/util.Must: fact=true noreturn=false",
	"22: call of example.com/svc/util.Old: fact=true noreturn=false",
	// The standard functions that do not return are known as such.
	"24: call of log.Fatal: fact=true noreturn=true",
	"27: call of os.Exit: fact=true noreturn=true",
}

func TestStandalone(t *testing.T) {
	bin := probecmd(t)
	dir := svc(t)
	r := run(t, dir, bin, "./...")
	if r.code != 3 {
		t.Errorf("exit code %d, want 3 (findings); stderr:\n%s", r.code, r.stderr)
	}
	got := findings(t, r.stderr)
	for _, w := range wantStandalone {
		if got[w] != 1 {
			t.Errorf("finding %q printed %d times, want once", w, got[w])
		}
	}
	if len(got) != len(wantStandalone) {
		t.Errorf("got %d findings, want %d:\n%s", len(got), len(wantStandalone), r.stderr)
	}

	// The same output twice.
	if again := run(t, dir, bin, "./..."); again.stderr != r.stderr {
		t.Errorf("output differs between two runs:\n%s\n----\n%s", r.stderr, again.stderr)
	}
}

func TestJSON(t *testing.T) {
	r := run(t, svc(t), probecmd(t), "-json", "./...")
	if r.code != 0 {
		t.Fatalf("-json: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	var n int
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("-json output: %v\n%s", err, r.stdout)
		}
		for pkg, byAnalyzer := range tree {
			var diags []struct{ Posn, Message string }
			if raw, ok := byAnalyzer["probe"]; ok {
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("%s: %v", pkg, err)
				}
			}
			n += len(diags)
		}
	}
	// The handler package and its test variant each report all.
	if n != 2*len(wantStandalone) {
		t.Errorf("-json: %d diagnostics, want %d:\n%s", n, 2*len(wantStandalone), r.stdout)
	}
}

func TestFlags(t *testing.T) {
	bin := probecmd(t)
	dir := svc(t)
	for _, tc := range []struct {
		args     []string
		code     int
		contains string // in stdout+stderr
	}{
		{[]string{"-probe=false", "./..."}, 0, ""},
		{[]string{"-quiet", "-quiet.n=3", "./..."}, 0, ""},
		{[]string{"-probe", "./..."}, 3, "fact=true"},
		{[]string{"-test=false", "./..."}, 3, "fact=true"},
		{[]string{"-nosuchflag", "./..."}, 2, "flag provided but not defined"},
		{[]string{"help"}, 0, "probe"},
		{[]string{"help", "quiet"}, 0, "-quiet.n"},
		{[]string{"-flags"}, 0, `"quiet.n"`},
		{[]string{"-V=full"}, 0, "version"},
		{nil, 1, "Usage"},
		{[]string{"./nosuchdir/..."}, 1, ""},
	} {
		r := run(t, dir, bin, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.contains) {
			t.Errorf("%v: exit code %d, want %d, and output containing %q; output:\n%s%s",
				tc.args, r.code, tc.code, tc.contains, r.stdout, r.stderr)
		}
	}
}

func TestFix(t *testing.T) {
	bin := probecmd(t)
	dir := svc(t)
	file := filepath.Join(dir, "handler", "handler.go")
	before, _ := os.ReadFile(file)

	d := run(t, dir, bin, "-fix", "-diff", "./...")
	if d.code != 0 {
		t.Fatalf("-fix -diff: exit code %d; stderr:\n%s", d.code, d.stderr)
	}
	for _, want := range []string{file + " (old)", file + " (new)", "-\tutil.Old()", "+\tutil.New()"} {
		if !strings.Contains(d.stdout, want) {
			t.Errorf("-diff output lacks %q:\n%s", want, d.stdout)
		}
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Errorf("-diff changed the file")
	}

	// The fix is reported by the package and by its test variant: it
	// applies once, without a conflict.
	f := run(t, dir, bin, "-fix", "./...")
	if f.code != 0 {
		t.Fatalf("-fix: exit code %d; stderr:\n%s", f.code, f.stderr)
	}
	after, _ := os.ReadFile(file)
	if want := bytes.Replace(before, []byte("util.Old()"), []byte("util.New()"), 1); !bytes.Equal(after, want) {
		t.Errorf("-fix: file is\n%s\nwant\n%s", after, want)
	}
	if b := run(t, dir, "go", "build", "./..."); b.code != 0 {
		t.Errorf("fixed module does not build:\n%s", b.stderr)
	}
	r := run(t, dir, bin, "./...")
	if got := findings(t, r.stderr); got["22: call of example.com/svc/util.New: fact=true noreturn=false"] != 1 {
		t.Errorf("after -fix, findings:\n%s", r.stderr)
	}
}

// TestVet runs the probe as a go vet tool. Packages that can carry no
// fact get hollow analyzers, and the facts still agree with the
// standalone run's (except web.Unrelated: unitchecker analyses a whole
// package, the standalone loader trims released dependencies).
func TestVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	bin := probecmd(t)
	dir := svc(t)
	r := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if r.code == 0 {
		t.Fatalf("go vet exited 0 despite findings:\n%s", r.stderr)
	}
	got := findings(t, r.stderr)
	for _, w := range wantStandalone {
		if strings.Contains(w, "Unrelated") {
			continue
		}
		if got[w] == 0 {
			t.Errorf("go vet: missing %q; output:\n%s", w, r.stderr)
		}
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t.Logf("go vet findings: %q", keys)
}
