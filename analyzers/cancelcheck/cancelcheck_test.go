package cancelcheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/cancelcheck"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

func TestCancelcheck(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), cancelcheck.New(), "cancelcheck", "cancelcheck/waiter")
}

func TestFixedCodeCompiles(t *testing.T) {
	passtest.GoldenCompiles(t, "cancelcheck")
}
