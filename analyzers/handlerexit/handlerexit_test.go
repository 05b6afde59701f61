package handlerexit_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/handlerexit"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

// TestHandlerExit checks the findings in the handler fixtures and the
// Exit facts of the helper package they call.
func TestHandlerExit(t *testing.T) {
	analysistest.Run(t, passtest.TestData(), handlerexit.New(), "handlerexit", "mustutil")
}

// TestLeveledLoggerFacts checks the facts of a logger whose every level
// goes through one function that panics at one level: only the methods
// that pass that level get a fact.
func TestLeveledLoggerFacts(t *testing.T) {
	analysistest.Run(t, passtest.TestData(), handlerexit.New(), "github.com/sirupsen/logrus")
}

// TestTestsFlag checks that -handlerexit.tests reports in _test.go files.
func TestTestsFlag(t *testing.T) {
	a := handlerexit.New()
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, passtest.TestData(), a, "handlerexittests")
}
