package bodylimit_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/bodylimit"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

func TestBodyLimit(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), bodylimit.New(), "bodylimit", "bodylimit/limits")
}

func TestGoldenCompiles(t *testing.T) {
	passtest.GoldenCompiles(t, "bodylimit")
}
