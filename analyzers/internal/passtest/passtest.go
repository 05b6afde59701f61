// Package passtest holds what every pass's tests share: the location of
// the fixtures, and the check that the code a suggested fix produces
// still compiles.
package passtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestData returns the absolute path of the repository's testdata
// directory (GOPATH layout: testdata/src/<pkg>).
func TestData() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata")
}

// GoldenCompiles builds, in a scratch GOPATH, each fixture package in
// pkgs with every .go file that has a .golden file replaced by it: the
// fixed code must compile. A txtar golden (one section per fix title)
// is checked section by section. Packages the fixtures import from
// testdata/src (framework stubs, helper packages) come along.
func GoldenCompiles(t *testing.T, pkgs ...string) {
	t.Helper()
	src := filepath.Join(TestData(), "src")
	for _, pkg := range pkgs {
		dir := filepath.Join(src, pkg)
		goldens, _ := filepath.Glob(filepath.Join(dir, "*.golden"))
		if len(goldens) == 0 {
			t.Errorf("%s: no .golden files: every fix needs one", pkg)
			continue
		}
		for _, golden := range goldens {
			data, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			goFile := strings.TrimSuffix(filepath.Base(golden), ".golden")
			variants := map[string][]byte{"": data}
			if ar := txtar.Parse(data); len(ar.Files) > 0 {
				variants = map[string][]byte{}
				for _, f := range ar.Files {
					variants[f.Name] = f.Data
				}
			}
			for title, content := range variants {
				if err := buildWith(src, pkg, goFile, content); err != nil {
					t.Errorf("%s: fixed code (%s%s) does not compile:\n%v", pkg, goFile, suffix(title), err)
				}
			}
		}
	}
}

func suffix(title string) string {
	if title == "" {
		return ""
	}
	return ", fix " + title
}

// buildWith copies testdata/src to a scratch GOPATH, replaces pkg/goFile
// with content, and runs go build on pkg in GOPATH mode.
func buildWith(src, pkg, goFile string, content []byte) error {
	gopath, err := os.MkdirTemp("", "resetlint-golden-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(gopath)
	if err := os.CopyFS(filepath.Join(gopath, "src"), os.DirFS(src)); err != nil {
		return err
	}
	dst := filepath.Join(gopath, "src", pkg)
	// Other goldens of the package are not Go files; drop them so the
	// build sees only the package's .go files.
	if err := os.WriteFile(filepath.Join(dst, goFile), content, 0o644); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "./"+filepath.ToSlash(pkg))
	cmd.Dir = filepath.Join(gopath, "src")
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "GOFLAGS=", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return &buildError{out.String()}
	}
	return nil
}

type buildError struct{ out string }

func (e *buildError) Error() string { return e.out }
