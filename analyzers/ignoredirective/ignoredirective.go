// Package ignoredirective reports //resetlint:ignore directives that
// silence nothing: no reason, or no known pass.
package ignoredirective

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the ignoredirective pass.
var Analyzer = New()

// New returns a fresh ignoredirective analyzer.
func New() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "ignoredirective",
		Doc:              doc,
		URL:              "https://github.com/resetlint/resetlint#suppressing-a-finding",
		Run:              run,
		RunDespiteErrors: true,
	}
}

func run(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				// Cheap test first: most comments are not directives.
				if !strings.HasPrefix(c.Text, suppress.Prefix) {
					continue
				}
				d, ok := suppress.Parse(c)
				if !ok {
					continue
				}
				check(pass, d)
			}
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, d suppress.Directive) {
	if len(d.Passes) == 0 {
		pass.Reportf(d.Pos, "resetlint:ignore names no pass, so it silences nothing: write //resetlint:ignore <pass>[,<pass>] <reason>")
		return
	}
	var unknown []string
	for _, name := range d.Passes {
		if !suppress.Known(name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		pass.Reportf(d.Pos, "resetlint:ignore names unknown pass %s, so it silences nothing for it (passes: %s)",
			strings.Join(unknown, ", "), strings.Join(suppress.Passes, ", "))
	}
	if d.Reason == "" {
		pass.Reportf(d.Pos, "resetlint:ignore without a reason silences nothing: say why the finding is wrong or accepted")
	}
}
