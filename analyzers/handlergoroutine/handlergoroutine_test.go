package handlergoroutine_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/handlergoroutine"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

func TestHandlerGoroutine(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), handlergoroutine.New(), "handlergoroutine")
}

func TestGoldenCompiles(t *testing.T) {
	passtest.GoldenCompiles(t, "handlergoroutine")
}
