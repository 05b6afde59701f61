package respwriter_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/resetlint/resetlint/analyzers/internal/passtest"
	"github.com/resetlint/resetlint/analyzers/internal/respwriter"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

var kindNames = map[respwriter.Kind]string{
	respwriter.Status: "status", respwriter.Body: "body", respwriter.Flush: "flush",
	respwriter.Header: "header", respwriter.Reply: "reply",
}

// probe reports the classification of every call statement in a scope;
// the fixture's want comments are the table of expected answers.
var probe = &analysis.Analyzer{
	Name:     "respwriterprobe",
	Doc:      "test probe for respwriter.Classify",
	Requires: []*analysis.Analyzer{scope.Analyzer, inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		scopes := pass.ResultOf[scope.Analyzer].(*scope.Scopes)
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		ins.WithStack([]ast.Node{(*ast.ExprStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
			call, ok := n.(*ast.ExprStmt).X.(*ast.CallExpr)
			if !push || !ok {
				return true
			}
			sc := scopes.Enclosing(stack)
			if sc == nil {
				return true
			}
			op := respwriter.Classify(pass.TypesInfo, sc, call)
			if op.Kind == respwriter.None {
				return true
			}
			term := ""
			if op.Terminal {
				term = " terminal"
			}
			pass.Reportf(call.Pos(), "%s%s %s", kindNames[op.Kind], term, op.Name)
			return true
		})
		return nil, nil
	},
}

func TestClassify(t *testing.T) {
	analysistest.Run(t, passtest.TestData(), probe, "respwritermodel")
}
