package ctxpropagation_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/ctxpropagation"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

// TestCtxPropagation checks the findings and fixes in the handler
// fixtures and in a helper package that receives the request.
func TestCtxPropagation(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), ctxpropagation.New(), "ctxpropagation", "ctxstore")
}

// TestFixedCodeCompiles builds the fixtures with every fix applied.
func TestFixedCodeCompiles(t *testing.T) {
	passtest.GoldenCompiles(t, "ctxpropagation", "ctxstore")
}

// TestGinFallbackFlag checks that -ctxpropagation.ginfallback accepts a
// *gin.Context as a request context.
func TestGinFallbackFlag(t *testing.T) {
	a := ctxpropagation.New()
	if err := a.Flags.Set("ginfallback", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, passtest.TestData(), a, "ctxginfallback")
}
