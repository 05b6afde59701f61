// Package suppress implements resetlint's line directive
//
//	//resetlint:ignore <pass>[,<pass>...] <reason>
//
// which silences the named passes on its own line and on the line below
// it. Every pass reports through a Reporter so that the directive works
// the same way everywhere. A directive without a reason silences
// nothing; the ignoredirective pass reports it, and unknown pass names.
package suppress

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts every directive.
const Prefix = "//resetlint:ignore"

// Passes are the pass names a directive may name. They are the names of
// the catalog, which users type in configs.
var Passes = []string{
	"servertimeouts", "clienttimeouts", "handlerexit", "handlererrors",
	"doublewrite", "cancelcheck", "ctxpropagation", "bodylimit", "handlergoroutine",
}

// A Directive is one parsed //resetlint:ignore comment.
type Directive struct {
	Pos    token.Pos
	Passes []string // as written, possibly unknown names
	Reason string   // empty if missing
}

// Parse returns the directive in comment text c, if it is one.
func Parse(c *ast.Comment) (Directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Directive{}, false
	}
	d := Directive{Pos: c.Slash}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return d, true
	}
	for _, name := range strings.Split(fields[0], ",") {
		if name != "" {
			d.Passes = append(d.Passes, name)
		}
	}
	d.Reason = strings.Join(fields[1:], " ")
	return d, true
}

// Known reports whether name is a pass name.
func Known(name string) bool { return slices.Contains(Passes, name) }

// A Reporter reports a pass's diagnostics unless a directive silences them.
type Reporter struct {
	pass *analysis.Pass
	name string
	// silenced maps a file to the lines on which this pass is silenced,
	// built on the first diagnostic in that file.
	silenced map[*token.File]map[int]bool
}

// New returns a Reporter for pass.
func New(pass *analysis.Pass) *Reporter {
	return &Reporter{pass: pass, name: pass.Analyzer.Name, silenced: make(map[*token.File]map[int]bool)}
}

// Report reports d unless it is silenced.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if r.Silenced(d.Pos) {
		return
	}
	r.pass.Report(d)
}

// Reportf reports a diagnostic at pos unless it is silenced.
func (r *Reporter) Reportf(pos token.Pos, format string, args ...any) {
	if r.Silenced(pos) {
		return
	}
	r.pass.Reportf(pos, format, args...)
}

// Silenced reports whether a directive silences this pass at pos.
func (r *Reporter) Silenced(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	lines, ok := r.silenced[tf]
	if !ok {
		lines = r.index(tf)
		r.silenced[tf] = lines
	}
	return lines[tf.Line(pos)]
}

func (r *Reporter) index(tf *token.File) map[int]bool {
	lines := map[int]bool{}
	for _, f := range r.pass.Files {
		if r.pass.Fset.File(f.Pos()) != tf {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := Parse(c)
				if !ok || d.Reason == "" || !slices.Contains(d.Passes, r.name) {
					continue
				}
				line := tf.Line(c.Slash)
				lines[line] = true
				lines[line+1] = true
			}
		}
	}
	return lines
}
