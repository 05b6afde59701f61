package handlerexit

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer is the handlerexit pass with its default settings.
var Analyzer = New()

// New returns a fresh handlerexit analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "handlerexit",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#handlerexit",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	a.Run = func(pass *analysis.Pass) (any, error) { return nil, nil }
	return a
}
