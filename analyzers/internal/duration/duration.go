// Package duration classifies the values given to time.Duration
// settings such as http.Server.ReadTimeout or http.Client.Timeout, and
// builds the fixes for a unit-less one:
//
//   - Classify(info, e) says whether e leaves the timeout off (a constant
//     zero or negative value), is a unit-less constant (ReadTimeout: 5 is
//     5ns), or sets it to something else (a constant with a unit, or any
//     non-constant value such as a config variable, which is trusted);
//   - AnyOn(info, values) says whether any of the values written to one
//     setting turns it on;
//   - UnitlessFixes returns the two titled fixes for a unit-less value,
//     "use seconds" and "make nanoseconds explicit";
//   - UnitlessDiagnostic is the diagnostic, with those fixes, for a
//     unit-less value given to a setting;
//   - Literal writes a duration for a fix: "10 * time.Second".
package duration

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/edit"
)

// Class is what a duration value does to a timeout.
type Class uint8

const (
	// Set: the timeout is set: a constant with a unit, a conversion, or
	// a value that is not constant (config, flags, a computation).
	Set Class = iota
	// Off: a constant zero or negative value, which net/http reads as
	// "no timeout".
	Off
	// Unitless: a positive constant below one second written with no
	// unit (5, 30, timeoutSeconds): a number of nanoseconds, far too
	// short for any network deadline. Larger unit-less values are taken
	// as deliberate nanosecond counts (30000000000 is 30s).
	Unitless
)

// Classify returns the class of the value e assigned to a time.Duration
// setting, and its value in nanoseconds when it is constant.
func Classify(info *types.Info, e ast.Expr) (Class, time.Duration) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return Set, 0
	}
	v, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact {
		return Set, 0
	}
	d := time.Duration(v)
	switch {
	case d <= 0:
		return Off, d
	case d < time.Second && !hasUnit(info, e):
		return Unitless, d
	}
	return Set, d
}

// hasUnit reports whether e mentions a typed duration constant
// (time.Second, a `const x = 5 * time.Second`) or converts to a
// duration (time.Duration(5), taken as deliberate). A literal or an
// untyped constant (const timeoutSeconds = 30) has no unit.
func hasUnit(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.Ident:
			if c, ok := info.Uses[n].(*types.Const); ok {
				if b, ok := c.Type().(*types.Basic); !ok || b.Info()&types.IsUntyped == 0 {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// AnyOn reports whether any of values, all given to the same duration
// setting, turns it on: any class but Off. A nil value, which the caller
// could not see, is trusted to.
func AnyOn(info *types.Info, values []ast.Expr) bool {
	for _, v := range values {
		if v == nil {
			return true
		}
		if class, _ := Classify(info, v); class != Off {
			return true
		}
	}
	return false
}

// Fix titles for a unit-less value; the intent is ambiguous, so both
// are offered.
const (
	UseSeconds          = "use seconds"
	ExplicitNanoseconds = "make nanoseconds explicit"
)

// UnitlessFixes returns the fixes for the unit-less duration e: e *
// time.Second and e * time.Nanosecond. It returns none when the time
// package cannot be referred to at e.
func UnitlessFixes(ed *edit.Editor, e ast.Expr) []analysis.SuggestedFix {
	src, ok := ed.Source(e)
	if !ok {
		return nil
	}
	qual, imports, ok := ed.Import(e.Pos(), "time")
	if !ok {
		return nil
	}
	switch ast.Unparen(e).(type) {
	case *ast.BasicLit, *ast.Ident, *ast.SelectorExpr:
	default:
		if _, paren := e.(*ast.ParenExpr); !paren {
			src = "(" + src + ")"
		}
	}
	fix := func(title, unit string) analysis.SuggestedFix {
		edits := []analysis.TextEdit{{Pos: e.Pos(), End: e.End(), NewText: []byte(src + " * " + qual + unit)}}
		return analysis.SuggestedFix{Message: title, TextEdits: append(edits, imports...)}
	}
	return []analysis.SuggestedFix{
		fix(UseSeconds, "Second"),
		fix(ExplicitNanoseconds, "Nanosecond"),
	}
}

// Literal returns source for a duration of n units, such as
// "10 * time.Second", with qual the qualifier of the time package.
func Literal(n int, unit, qual string) string {
	return strconv.Itoa(n) + " * " + qual + unit
}

// UnitlessDiagnostic returns the diagnostic for value, given to the
// duration setting field, when it is a unit-less constant: what the
// value means, then consequence, what so short a timeout does. ok is
// false for any other value.
func UnitlessDiagnostic(info *types.Info, ed *edit.Editor, field string, value ast.Expr, consequence string) (d analysis.Diagnostic, ok bool) {
	class, ns := Classify(info, value)
	if class != Unitless {
		return analysis.Diagnostic{}, false
	}
	src, ok := ed.Source(value)
	if !ok {
		src = fmt.Sprint(int64(ns))
	}
	return analysis.Diagnostic{
		Pos:            value.Pos(),
		End:            value.End(),
		Message:        fmt.Sprintf("%s: %s means %v (a unit-less duration is nanoseconds): %s", field, src, ns, consequence),
		SuggestedFixes: UnitlessFixes(ed, value),
	}, true
}
