package corpusgen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/resetlint/resetlint/analyzers/internal/corpusgen"
)

// TestCompiles generates a corpus over two handler packages (every shape
// at least once) and builds it: the benchmark measures code that
// compiles.
func TestCompiles(t *testing.T) {
	dir := t.TempDir()
	n := corpusgen.PerPackage + 13
	lines, err := corpusgen.Write(dir, n)
	if err != nil {
		t.Fatal(err)
	}
	if lines < 12*n {
		t.Errorf("%d handlers in %d lines: want at least 12 lines a handler", n, lines)
	}
	pkgs, _ := filepath.Glob(filepath.Join(dir, "handlers", "*"))
	if len(pkgs) != 2 {
		t.Errorf("%d handler packages, want 2", len(pkgs))
	}
	build := exec.Command("go", "build", "./...")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("generated corpus does not build:\n%s", out)
	}
}
