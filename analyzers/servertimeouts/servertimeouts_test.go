package servertimeouts_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/internal/passtest"
	"github.com/resetlint/resetlint/analyzers/servertimeouts"
)

func TestServerTimeouts(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), servertimeouts.Analyzer, "servertimeouts")
}

// TestWriteFlag runs a fresh analyzer with -servertimeouts.write, and
// checks that setting it leaves the package-level Analyzer alone.
func TestWriteFlag(t *testing.T) {
	a := servertimeouts.New()
	if err := a.Flags.Set("write", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), a, "servertimeouts/write")
	if got := servertimeouts.Analyzer.Flags.Lookup("write").Value.String(); got != "false" {
		t.Errorf("setting the flag on a fresh analyzer changed the package-level Analyzer's: write=%s", got)
	}
}

func TestGoldenCompiles(t *testing.T) {
	passtest.GoldenCompiles(t, "servertimeouts", "servertimeouts/write")
}
