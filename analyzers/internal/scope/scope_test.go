package scope_test

import (
	"fmt"
	"go/ast"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// probe reports every scope the model finds, and for each call
// probe(e) inside a scope, how the model classifies e. The fixture's
// want comments are the table of expected answers.
var probe = &analysis.Analyzer{
	Name:     "scopeprobe",
	Doc:      "test probe for the request-scope model",
	Requires: []*analysis.Analyzer{scope.Analyzer, inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		scopes := pass.ResultOf[scope.Analyzer].(*scope.Scopes)
		for _, sc := range scopes.List {
			pass.Reportf(sc.Func.Pos(), "%s", describe(sc))
		}
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
			call := n.(*ast.CallExpr)
			id, ok := call.Fun.(*ast.Ident)
			if !push || !ok || id.Name != "probe" || len(call.Args) != 1 {
				return true
			}
			sc := scopes.Enclosing(stack)
			if sc == nil {
				pass.Reportf(call.Pos(), "outside any scope")
				return true
			}
			pass.Reportf(call.Pos(), "%s", classify(pass, sc, call))
			return true
		})
		return nil, nil
	},
}

func describe(sc *scope.Scope) string {
	role := map[scope.Role]string{scope.Handler: "handler", scope.Helper: "helper"}[sc.Role]
	parts := []string{role, sc.Kind.String()}
	for _, v := range []struct {
		tag  string
		name interface{ Name() string }
	}{{"w", sc.Writer}, {"r", sc.Request}, {"c", sc.Context}} {
		if v.name != nil && !isNil(v.name) {
			parts = append(parts, v.tag+"="+v.name.Name())
		}
	}
	if sc.Parent != nil {
		parts = append(parts, "nested")
	}
	return strings.Join(parts, " ")
}

func isNil(v any) bool { return fmt.Sprint(v) == "<nil>" }

func classify(pass *analysis.Pass, sc *scope.Scope, call *ast.CallExpr) string {
	e := call.Args[0]
	var out []string
	if sc.IsWriter(e) {
		out = append(out, "writer")
	}
	if sc.IsRequest(e) {
		out = append(out, "request")
	}
	if sc.IsRequestBody(e) {
		out = append(out, "body")
	}
	if sc.IsFrameworkContext(e) {
		out = append(out, "framework")
	}
	switch sc.ContextKind(e) {
	case scope.RequestContext:
		out = append(out, "reqctx")
	case scope.DetachedContext:
		out = append(out, "detached")
	case scope.GinContext:
		out = append(out, "ginctx")
	}
	if len(out) == 0 {
		out = append(out, "none")
	}
	out = append(out, "fix="+sc.RequestContextSource(pass.Pkg, call.Pos()))
	return strings.Join(out, ",")
}

func TestModel(t *testing.T) {
	testdata, _ := filepath.Abs(filepath.Join("..", "..", "..", "testdata"))
	analysistest.Run(t, testdata, probe, "scopemodel")
}
