package bodylimit

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer is the bodylimit pass with its default settings.
var Analyzer = New()

// New returns a fresh bodylimit analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "bodylimit",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#bodylimit",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	a.Run = func(pass *analysis.Pass) (any, error) { return nil, nil }
	return a
}
