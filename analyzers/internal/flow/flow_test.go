package flow

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"
)

// build returns the CFG of the body of the only function in src.
func build(t *testing.T, src string) *cfg.CFG {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\n"+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	return cfg.New(body, func(*ast.CallExpr) bool { return true })
}

// calls counts the calls of function name on the paths to a point.
type calls struct{ may, must int }

func countProblem(visits *int) Problem[calls] {
	return Problem[calls]{
		Transfer: func(n any, in calls) calls {
			*visits++
			if stmt, ok := n.(*ast.ExprStmt); ok {
				if call, ok := stmt.X.(*ast.CallExpr); ok && fmt.Sprint(call.Fun) == "write" {
					in.may, in.must = min(in.may+1, 2), min(in.must+1, 2)
				}
			}
			return in
		},
		Join:  func(a, b calls) calls { return calls{max(a.may, b.may), min(a.must, b.must)} },
		Equal: func(a, b calls) bool { return a == b },
	}
}

// An acyclic function is solved with one visit per block, however many
// branches come one after the other.
func TestForwardAcyclicVisitsEachBlockOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("func f(n int) {\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "\tif n == %d {\n\t\twrite()\n\t} else if n > %d {\n\t\tother()\n\t}\n", i, 100000+i)
	}
	b.WriteString("\twrite()\n}\n")
	g := build(t, b.String())
	nodes := 0
	for _, blk := range g.Blocks {
		nodes += len(blk.Nodes)
	}
	visits := 0
	res := Forward(g, countProblem(&visits))
	if visits > nodes {
		t.Errorf("%d transfers for %d nodes: some blocks were solved more than once", visits, nodes)
	}
	last := g.Blocks[0]
	for _, blk := range g.Blocks {
		if blk.Return() != nil {
			last = blk
		}
	}
	out := res.Out(last, countProblem(new(int)))
	if out != (calls{may: 2, must: 1}) {
		t.Errorf("at the return: %+v, want may 2 (a branch writes, then the last write), must 1", out)
	}
}

// A loop is revisited until its state is stable, and the code after it
// sees every iteration.
func TestForwardLoop(t *testing.T) {
	g := build(t, `func f(n int) {
	for i := 0; i < n; i++ {
		if i > 2 {
			write()
		}
	}
	done()
}`)
	visits := 0
	res := Forward(g, countProblem(&visits))
	var after *cfg.Block
	for _, blk := range g.Blocks {
		if blk.Kind == cfg.KindForDone && res.Reached(blk) {
			after = blk
		}
	}
	if after == nil {
		t.Fatal("the block after the loop was not reached")
	}
	if got := res.In[after]; got != (calls{may: 2, must: 0}) {
		t.Errorf("after the loop: %+v, want may 2, must 0", got)
	}
}
