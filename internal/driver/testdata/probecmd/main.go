// Command probecmd is resetlint's driver with two probe analyzers instead
// of the passes, for the driver's tests. probe records a fact on every
// function whose body it sees and reports, in packages named "handler",
// each call of another package's function: whether the callee has the
// fact (so whether its package was analysed from source), and whether
// ctrlflow knows it does not return. It offers a fix renaming calls of
// Old to New. quiet reports nothing and has a flag.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/internal/driver"
)

type seen struct{}

func (*seen) AFact()         {}
func (*seen) String() string { return "seen" }

var probe = &analysis.Analyzer{
	Name:      "probe",
	Doc:       "report calls and whether their callees were analysed",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	FactTypes: []analysis.Fact{new(seen)},
	Run:       run,
}

var quiet = &analysis.Analyzer{
	Name: "quiet",
	Doc:  "report nothing",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func init() {
	quiet.Flags = *flag.NewFlagSet("quiet", flag.ExitOnError)
	quiet.Flags.Int("n", 0, "a number")
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		d := n.(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[d.Name].(*types.Func); ok && d.Body != nil {
			pass.ExportObjectFact(fn, new(seen))
		}
	})
	if !strings.HasSuffix(pass.Pkg.Path(), "/handler") {
		return nil, nil
	}
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		fn := typeutil.StaticCallee(pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == pass.Pkg {
			return
		}
		d := analysis.Diagnostic{
			Pos: call.Pos(),
			Message: fmt.Sprintf("call of %s: fact=%v noreturn=%v", fn.FullName(),
				pass.ImportObjectFact(fn, new(seen)), cfgs.NoReturn(fn)),
		}
		if fn.Name() == "Old" {
			var id *ast.Ident
			switch f := call.Fun.(type) {
			case *ast.Ident:
				id = f
			case *ast.SelectorExpr:
				id = f.Sel
			}
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "call New",
				TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte("New")}},
			}}
		}
		pass.Report(d)
	})
	return nil, nil
}

func main() { driver.Main(probe, quiet) }
