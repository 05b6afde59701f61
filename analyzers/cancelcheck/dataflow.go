package cancelcheck

import (
	"go/ast"
	"go/token"
	"slices"
	"sort"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/flow"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// state is what one point of a function knows about the paths that reach
// it: whether a wait is pending (no check and no write since), and
// whether the request context was checked.
type state struct {
	wait facts.Effect // a wait is pending on no, some or every path
	// pending is one pending wait, for messages: 1 + its index in the
	// function's events, 0 if none. An index keeps the states small (the
	// solver keeps one per block); events are never equal by value at
	// two indices where it matters (join keeps a's on a tie, so equal
	// states stay equal).
	pending int32
	gin     bool         // a gin would-be check happened since the wait
	checked facts.Effect // the request context was checked on no, some or every path
}

// join merges two states; evs are the function's events.
func join(evs []event, a, b state) state {
	out := state{wait: a.wait.Join(b.wait), checked: a.checked.Join(b.checked)}
	switch {
	case a.wait == facts.Never:
		out.pending, out.gin = b.pending, b.gin
	case b.wait == facts.Never:
		out.pending, out.gin = a.pending, a.gin
	default:
		// Deterministic choice: a wait that is reported nowhere else
		// (not time.Sleep) first, then the earliest.
		out.pending, out.gin = a.pending, a.gin
		pa, pb := pendingOf(evs, a), pendingOf(evs, b)
		if (pa.sleep && !pb.sleep) || (pa.sleep == pb.sleep && pb.pos < pa.pos) {
			out.pending, out.gin = b.pending, b.gin
		}
	}
	return out
}

// pendingOf returns s's pending wait, or the zero event.
func pendingOf(evs []event, s state) event {
	if s.pending == 0 {
		return event{}
	}
	return evs[s.pending-1]
}

// A finding is a write reached by a pending wait.
type finding struct {
	write, wait event
	gin         bool
}

// apply runs the events evs[from:to] of one node over s; found, if not
// nil, is told of each write that a wait reaches.
func apply(evs []event, from, to int, s state, found func(finding)) state {
	for i := from; i < to; i++ {
		ev := &evs[i]
		switch ev.kind {
		case evWrite:
			if s.wait != facts.Never && found != nil {
				if p := pendingOf(evs, s); !p.sleep {
					found(finding{write: *ev, wait: p, gin: s.gin || p.gin})
				}
			}
			// Later writes on this path follow this one, not the wait.
			s.wait, s.pending, s.gin = facts.Never, 0, false
		case evWait:
			s.wait, s.pending, s.gin = facts.Always, int32(i+1), false
		case evCheck:
			s.wait, s.pending, s.gin = facts.Never, 0, false
			s.checked = facts.Always
		case evGinCheck:
			if s.wait != facts.Never {
				s.gin = true
			}
		}
	}
	return s
}

// analyze runs the dataflow over sc's function. It returns the
// function's Blocking summary (judged at its returns) and the writes that
// follow a wait with no check between them, first write per path, in
// source order. Without summary, only the findings are wanted.
func (c *checker) analyze(sc *scope.Scope, summary bool) (facts.Blocking, []finding) {
	g := c.cfgOf(sc)
	if g == nil {
		return facts.Blocking{}, nil
	}
	// Most functions neither wait nor check: then every state is the
	// zero state, so the summary is the zero Blocking and nothing is
	// found. Without a wait, writes change no state and need not be
	// classified.
	wait, check := c.scanBody(sc)
	if !wait && (!check || !summary) {
		return facts.Blocking{}, nil
	}
	if !wait {
		return c.checksOnly(g), nil
	}
	// The events of all nodes share one buffer, block by block and node
	// by node: block b's are evs[spans[b.Index]], and node j of b ends
	// at ends[spans[b.Index].node+j]. Slices by block index spare the
	// solver a lookup by node.
	evs, ends := c.eventBuf[:0], c.nodeEnds[:0]
	spans := c.blockSpans[:0]
	for _, b := range g.Blocks {
		sp := blockSpan{from: len(evs), node: len(ends)}
		for _, n := range b.Nodes {
			if b.Live {
				evs = c.nodeEvents(sc, n, wait, evs)
			}
			ends = append(ends, len(evs))
		}
		sp.to = len(evs)
		spans = append(spans, sp)
	}
	c.eventBuf, c.nodeEnds, c.blockSpans = evs, ends, spans
	// A block's events run in order, node after node: the state leaving
	// it is its entry state through all of them, applied on each edge
	// out of it.
	res := flow.Solve(g, flow.Problem[state]{
		Transfer: func(_ any, in state) state { return in },
		Edge: func(b *cfg.Block, _ int, out state) state {
			sp := spans[b.Index]
			return apply(evs, sp.from, sp.to, out, nil)
		},
		Join:  func(a, b state) state { return join(evs, a, b) },
		Equal: func(a, b state) bool { return a == b },
	})

	var sum facts.Blocking
	returned := false
	var byPos map[token.Pos]finding
	record := func(f finding) {
		if byPos == nil {
			byPos = make(map[token.Pos]finding)
		}
		if _, dup := byPos[f.write.pos]; !dup {
			byPos[f.write.pos] = f
		}
	}
	for _, b := range g.Blocks {
		s, reached := res.In(b)
		if !reached {
			continue
		}
		sp := spans[b.Index]
		from := sp.from
		for j, n := range b.Nodes {
			to := ends[sp.node+j]
			s = apply(evs, from, to, s, record)
			from = to
			if _, ok := n.(*ast.ReturnStmt); !ok {
				continue
			}
			if !returned {
				sum.Blocks, sum.ChecksContext, returned = s.wait, s.checked, true
			} else {
				sum.Blocks, sum.ChecksContext = sum.Blocks.Join(s.wait), sum.ChecksContext.Join(s.checked)
			}
			p := pendingOf(evs, s)
			via := p.via
			if via == "" {
				via = p.what
			}
			if s.wait != facts.Never && (sum.Via == "" || via < sum.Via) {
				sum.Via = via
			}
		}
	}
	found := make([]finding, 0, len(byPos))
	for _, f := range byPos {
		found = append(found, f)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].write.pos < found[j].write.pos })
	return sum, found
}

// A blockSpan locates a block's events in analyze's buffers: evs[from:to]
// are its events, and its nodes' ends start at node.
type blockSpan struct{ from, to, node int }

// checksOnly is analyze for a function that checks the request context
// and never waits. Its states differ only in checked, whose lattice
// (never, sometimes, always, joined) has one fixpoint whatever the
// order of visits: a plain iteration finds the one flow.Forward finds,
// without the events' buffers. Nothing is found, and the summary says
// only whether the returns follow a check.
func (c *checker) checksOnly(g *cfg.CFG) facts.Blocking {
	// firstCheck is, by block, the index of the first node with a check
	// (len(Nodes) if none): the state leaving a block is "always" from
	// there on, what entered it before. The nodes of a CFG are disjoint
	// pieces of syntax, and scanBody found the checks, each at a
	// position within its node (checkAt), with nothing else to run.
	firstCheck := make([]int, len(g.Blocks))
	for i, b := range g.Blocks {
		firstCheck[i] = len(b.Nodes)
		if !b.Live {
			continue
		}
		for j, n := range b.Nodes {
			if slices.ContainsFunc(c.checkAt, func(p token.Pos) bool { return n.Pos() <= p && p < n.End() }) {
				firstCheck[i] = j
				break
			}
		}
	}
	in := make([]facts.Effect, len(g.Blocks))
	seen := make([]bool, len(g.Blocks))
	seen[0] = true
	for changed := true; changed; {
		changed = false
		for i, b := range g.Blocks {
			if !seen[i] {
				continue
			}
			out := in[i]
			if firstCheck[i] < len(b.Nodes) {
				out = facts.Always
			}
			for _, succ := range b.Succs {
				switch j := succ.Index; {
				case !seen[j]:
					in[j], seen[j], changed = out, true, true
				case in[j].Join(out) != in[j]:
					in[j], changed = in[j].Join(out), true
				}
			}
		}
	}
	var sum facts.Blocking
	returned := false
	for i, b := range g.Blocks {
		if !seen[i] {
			continue
		}
		for j, n := range b.Nodes {
			if _, ok := n.(*ast.ReturnStmt); !ok {
				continue
			}
			checked := in[i]
			if firstCheck[i] <= j {
				checked = facts.Always
			}
			if !returned {
				sum.ChecksContext, returned = checked, true
			} else {
				sum.ChecksContext = sum.ChecksContext.Join(checked)
			}
		}
	}
	return sum
}

// scanBody reports whether the body of sc's function may wait, and
// whether it may check the request context; c.checkAt gets the position
// of each check, within the CFG node that holds it. It classifies, with one walk
// of the body, every site that any node of the function's CFG holds
// (and a few more: those of unreachable code, the calls in the key and
// value of a range over a channel), so a false answer is exact.
func (c *checker) scanBody(sc *scope.Scope) (wait, check bool) {
	body, ok := c.bodies[sc]
	if !ok {
		return true, true // no cursor: leave the function to the dataflow
	}
	c.checkAt = c.checkAt[:0]
	var anchor token.Pos // where the CFG holds the site classified, if not at its events
	emit := func(ev event) {
		switch ev.kind {
		case evWait:
			wait = true
		case evCheck:
			check = true
			pos := ev.pos
			if anchor.IsValid() {
				pos = anchor
			}
			c.checkAt = append(c.checkAt, pos)
		}
	}
	var visit func(cur inspector.Cursor) bool
	visit = func(cur inspector.Cursor) bool {
		if wait {
			return false // the function gets the full analysis anyway
		}
		switch n := cur.Node().(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			c.callEvents(sc, n, nil, false, emit)
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				c.recvEvents(sc, n, emit)
			}
		case *ast.SelectStmt:
			// The select stands for its communications, which are
			// classified with it (the CFG node of the first stands for
			// the select); the clause bodies are plain code.
			for _, cl := range n.Body.List {
				if comm := cl.(*ast.CommClause).Comm; comm != nil {
					anchor = comm.Pos()
					break
				}
			}
			c.selectEvents(sc, n, emit)
			anchor = token.NoPos
			for cc := range cur.ChildAt(edge.SelectStmt_Body, -1).Children() {
				comm := cc.Node().(*ast.CommClause).Comm
				for part := range cc.Children() {
					if part.Node() != comm {
						part.Inspect(siteTypes, visit)
					}
				}
			}
			return false
		case *ast.RangeStmt:
			if c.rangeOfChan[n.X] != nil {
				anchor = n.X.Pos() // the CFG node of X stands for the range
				c.rangeEvents(sc, n, emit)
				anchor = token.NoPos
			}
		}
		return true
	}
	body.Inspect(siteTypes, visit)
	return wait, check
}

// siteTypes are the nodes scanBody looks at.
var siteTypes = []ast.Node{
	(*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.DeferStmt)(nil), (*ast.CallExpr)(nil),
	(*ast.UnaryExpr)(nil), (*ast.SelectStmt)(nil), (*ast.RangeStmt)(nil),
}

// cfgOf returns the control-flow graph of sc's function, or nil.
func (c *checker) cfgOf(sc *scope.Scope) *cfg.CFG {
	switch fn := sc.Func.(type) {
	case *ast.FuncDecl:
		if sc.Obj == nil || fn.Body == nil {
			return nil // no types.Func (type errors) or no body
		}
		return c.cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		return c.cfgs.FuncLit(fn)
	}
	return nil
}
