package clienttimeouts

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer is the clienttimeouts pass with its default settings.
var Analyzer = New()

// New returns a fresh clienttimeouts analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "clienttimeouts",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#clienttimeouts",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	a.Run = func(pass *analysis.Pass) (any, error) { return nil, nil }
	return a
}
