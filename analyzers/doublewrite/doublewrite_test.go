package doublewrite_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/doublewrite"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

func TestDoubleWrite(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), doublewrite.New(), "doublewrite", "doublewrite/handlers")
}

// TestFixesCompile builds the fixtures with every fix applied.
func TestFixesCompile(t *testing.T) {
	passtest.GoldenCompiles(t, "doublewrite", "doublewrite/handlers")
}

// TestTestFiles: _test.go files are reported only with -doublewrite.tests.
func TestTestFiles(t *testing.T) {
	a := doublewrite.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, passtest.TestData(), a, "doublewrite/testfiles")

	var rec recorder
	analysistest.Run(&rec, passtest.TestData(), doublewrite.New(), "doublewrite/testfiles")
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "no diagnostic was reported") {
		t.Errorf("without -tests, want only the missing expectation, got %q", rec.errs)
	}
}

// recorder is an analysistest.Testing that keeps the errors.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
