package respflow_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/internal/passtest"
	"github.com/resetlint/resetlint/analyzers/internal/respflow"
)

// TestFacts checks the facts exported for a library of reply helpers:
// each want comment is the expected summary of the function declared on
// its line, and a function without one must export none.
func TestFacts(t *testing.T) {
	analysistest.Run(t, passtest.TestData(), respflow.Analyzer, "respond")
}
