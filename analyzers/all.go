// Package analyzers lists resetlint's passes. The driver (cmd/resetlint)
// and the golangci-lint plugin read this list and nothing else.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/bodylimit"
	"github.com/resetlint/resetlint/analyzers/cancelcheck"
	"github.com/resetlint/resetlint/analyzers/clienttimeouts"
	"github.com/resetlint/resetlint/analyzers/ctxpropagation"
	"github.com/resetlint/resetlint/analyzers/doublewrite"
	"github.com/resetlint/resetlint/analyzers/handlererrors"
	"github.com/resetlint/resetlint/analyzers/handlerexit"
	"github.com/resetlint/resetlint/analyzers/handlergoroutine"
	"github.com/resetlint/resetlint/analyzers/ignoredirective"
	"github.com/resetlint/resetlint/analyzers/servertimeouts"
)

// A Pass pairs a pass's package-level Analyzer with its constructor.
type Pass struct {
	Analyzer *analysis.Analyzer
	// New returns a fresh analyzer with its own flags and state.
	New func() *analysis.Analyzer
}

// Passes lists every pass in the order of the catalog, then the
// directive checker.
var Passes = []Pass{
	{servertimeouts.Analyzer, servertimeouts.New},
	{clienttimeouts.Analyzer, clienttimeouts.New},
	{handlerexit.Analyzer, handlerexit.New},
	{handlererrors.Analyzer, handlererrors.New},
	{doublewrite.Analyzer, doublewrite.New},
	{cancelcheck.Analyzer, cancelcheck.New},
	{ctxpropagation.Analyzer, ctxpropagation.New},
	{bodylimit.Analyzer, bodylimit.New},
	{handlergoroutine.Analyzer, handlergoroutine.New},
	{ignoredirective.Analyzer, ignoredirective.New},
}

// All returns the package-level analyzers of every pass.
func All() []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(Passes))
	for i, p := range Passes {
		out[i] = p.Analyzer
	}
	return out
}

// Fresh returns new analyzers of every pass, sharing no flags or state
// with All() or with another call of Fresh.
func Fresh() []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(Passes))
	for i, p := range Passes {
		out[i] = p.New()
	}
	return out
}
