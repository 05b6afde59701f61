package handlergoroutine

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// maxTracked bounds the goroutines and join objects tracked per function
// (bit sets); a function with more is rare and is skipped.
const maxTracked = 64

// joinState is the dataflow state along a path.
type joinState struct {
	running  uint64 // goroutines started and not waited for (on some path)
	joined   uint64 // goroutines waited for on some path
	deferred uint64 // join objects a deferred wait will wait on
}

func (x joinState) join(y joinState) joinState {
	return joinState{x.running | y.running, x.joined | y.joined, x.deferred | y.deferred}
}

// joinFlow computes, for the scope's function, which goroutines may still
// be running when it returns, and which it waits for on some path.
type joinFlow struct {
	fa *funcAnalysis
	// objIndex numbers the join objects; joinedBy[o] is the set of
	// goroutines that waiting on object o joins.
	objIndex map[types.Object]int
	joinedBy []uint64
	// commNodes are the communication statements of select cases: the
	// CFG evaluates them before the select; the receive happens only in
	// the chosen case's body.
	commNodes map[ast.Node]bool
	// rangeX holds the ranged expressions of range statements.
	rangeX map[ast.Expr]bool
	// loopWaits maps the first CFG node of a loop to the objects its
	// body waits on: for range n { <-ch } joins the goroutines that
	// send on ch, even along the path that skips the loop (there were
	// no goroutines to wait for then).
	loopWaits map[ast.Node]uint64
}

// exitState returns the join of the states at every normal return.
func (fa *funcAnalysis) exitState() (joinState, *joinFlow, bool) {
	jf := &joinFlow{fa: fa, objIndex: make(map[types.Object]int)}
	if len(fa.starts) > maxTracked {
		return joinState{}, jf, false
	}
	for _, s := range fa.starts {
		for _, obj := range s.joins {
			i, ok := jf.objIndex[obj]
			if !ok {
				if len(jf.joinedBy) == maxTracked {
					return joinState{}, jf, false
				}
				i = len(jf.joinedBy)
				jf.objIndex[obj] = i
				jf.joinedBy = append(jf.joinedBy, 0)
			}
			jf.joinedBy[i] |= 1 << s.index
		}
	}
	jf.indexStatements()

	g := fa.g
	in := map[*cfg.Block]joinState{g.Blocks[0]: {}}
	work := []*cfg.Block{g.Blocks[0]}
	visits := map[*cfg.Block]int{}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		if visits[b]++; visits[b] > maxTracked {
			continue
		}
		out := jf.block(b, in[b])
		for _, succ := range b.Succs {
			old, seen := in[succ]
			next := out
			if seen {
				next = old.join(out)
				if next == old {
					continue
				}
			}
			in[succ] = next
			work = append(work, succ)
		}
	}
	var exit joinState
	for b, s := range in {
		if len(b.Succs) == 0 && !jf.endsInNoReturn(b) {
			exit = exit.join(jf.block(b, s))
		}
	}
	return exit, jf, true
}

// indexStatements finds the select communications and loop waits.
func (jf *joinFlow) indexStatements() {
	jf.commNodes = make(map[ast.Node]bool)
	jf.loopWaits = make(map[ast.Node]uint64)
	jf.rangeX = make(map[ast.Expr]bool)
	ast.Inspect(jf.fa.sc.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if n.Comm != nil {
				jf.commNodes[n.Comm] = true
			}
		case *ast.RangeStmt:
			jf.rangeX[n.X] = true
			if w := jf.waitsIn(n.Body); w != 0 {
				jf.loopWaits[n.X] |= w
			}
		case *ast.ForStmt:
			if w := jf.waitsIn(n.Body); w != 0 {
				switch {
				case n.Init != nil:
					jf.loopWaits[n.Init] |= w
				case n.Cond != nil:
					jf.loopWaits[n.Cond] |= w
				}
			}
		}
		return true
	})
}

// waitsIn returns the join objects waited on anywhere in n.
func (jf *joinFlow) waitsIn(n ast.Node) uint64 {
	var w uint64
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		w |= jf.waitAt(n)
		return true
	})
	return w
}

// block returns the state after block b.
func (jf *joinFlow) block(b *cfg.Block, s joinState) joinState {
	// The chosen case of a select receives here.
	if b.Kind == cfg.KindSelectCaseBody {
		if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil {
			s = jf.wait(s, jf.receiveIn(cc.Comm))
		}
	}
	for _, n := range b.Nodes {
		s = jf.node(n, s)
	}
	return s
}

// receiveIn returns the object a select communication receives from.
func (jf *joinFlow) receiveIn(comm ast.Stmt) uint64 {
	var e ast.Expr
	switch comm := comm.(type) {
	case *ast.ExprStmt:
		e = comm.X
	case *ast.AssignStmt:
		if len(comm.Rhs) == 1 {
			e = comm.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return jf.objBit(u.X)
	}
	return 0
}

// node applies one CFG node.
func (jf *joinFlow) node(n ast.Node, s joinState) joinState {
	if jf.commNodes[n] {
		return s
	}
	if w, ok := jf.loopWaits[n]; ok {
		s = jf.wait(s, w)
	}
	if d, ok := n.(*ast.DeferStmt); ok {
		// defer wg.Wait(), defer func() { <-done }(): the wait happens
		// on return, for goroutines started before or after.
		var w uint64
		ast.Inspect(d.Call, func(m ast.Node) bool {
			w |= jf.waitAt(m)
			return true
		})
		s.deferred |= w
		return jf.wait(s, w)
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		if st := jf.fa.startAt[m]; st != nil {
			s = jf.start(s, st)
		}
		s = jf.wait(s, jf.waitAt(m))
		return true
	})
	// range over a channel: the CFG node is the ranged expression.
	if e, ok := n.(ast.Expr); ok {
		if t := jf.fa.pass.TypesInfo.TypeOf(e); t != nil {
			if _, isChan := t.Underlying().(*types.Chan); isChan && jf.rangeX[e] {
				s = jf.wait(s, jf.objBit(e))
			}
		}
	}
	return s
}

// start marks goroutine st running, unless a deferred wait joins it.
func (jf *joinFlow) start(s joinState, st *start) joinState {
	for _, obj := range st.joins {
		if i, ok := jf.objIndex[obj]; ok && s.deferred&(1<<i) != 0 {
			return s
		}
	}
	s.running |= 1 << st.index
	return s
}

// wait applies a wait on the objects in set w.
func (jf *joinFlow) wait(s joinState, w uint64) joinState {
	for i := range jf.joinedBy {
		if w&(1<<i) == 0 {
			continue
		}
		g := jf.joinedBy[i]
		s.joined |= s.running & g
		s.running &^= g
	}
	return s
}

// waitAt returns the objects node n waits on: a receive <-ch, wg.Wait(),
// g.Wait() on an errgroup.Group.
func (jf *joinFlow) waitAt(n ast.Node) uint64 {
	info := jf.fa.pass.TypesInfo
	switch n := n.(type) {
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			return jf.objBit(n.X)
		}
	case *ast.CallExpr:
		fn := calleeMethod(info, n)
		if scope.IsMethod(fn, "sync", "WaitGroup", "Wait") || scope.IsMethod(fn, errgroupPath, "Group", "Wait") {
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				return jf.objBit(sel.X)
			}
		}
	case *ast.RangeStmt:
		if t := info.TypeOf(n.X); t != nil {
			if _, ok := t.Underlying().(*types.Chan); ok {
				return jf.objBit(n.X)
			}
		}
	}
	return 0
}

func (jf *joinFlow) objBit(e ast.Expr) uint64 {
	obj := objectOf(jf.fa.pass.TypesInfo, e)
	if i, ok := jf.objIndex[obj]; ok && obj != nil {
		return 1 << i
	}
	return 0
}

// endsInNoReturn reports whether block b ends in a call that does not
// return (panic, log.Fatal, os.Exit): not a path on which the handler
// returns.
func (jf *joinFlow) endsInNoReturn(b *cfg.Block) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	es, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if isBuiltin(jf.fa.pass.TypesInfo, call, "panic") {
		return true
	}
	fn, _ := typeutil.Callee(jf.fa.pass.TypesInfo, call).(*types.Func)
	cfgs := jf.fa.pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	return fn != nil && cfgs.NoReturn(fn)
}
