package cancelcheck

import (
	"go/ast"
	"go/token"
	"sort"

	"golang.org/x/tools/go/cfg"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/flow"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// state is what one point of a function knows about the paths that reach
// it: whether a wait is pending (no check and no write since), and
// whether the request context was checked.
type state struct {
	wait    facts.Effect // a wait is pending on no, some or every path
	pending event        // one pending wait, for messages (zero if none)
	gin     bool         // a gin would-be check happened since the wait
	checked facts.Effect // the request context was checked on no, some or every path
}

func join(a, b state) state {
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
		if (a.pending.sleep && !b.pending.sleep) || (a.pending.sleep == b.pending.sleep && b.pending.pos < a.pending.pos) {
			out.pending, out.gin = b.pending, b.gin
		}
	}
	return out
}

// A finding is a write reached by a pending wait.
type finding struct {
	write, wait event
	gin         bool
}

// apply runs the events of one node over s; found, if not nil, is told
// of each write that a wait reaches.
func apply(evs []event, s state, found func(finding)) state {
	for _, ev := range evs {
		switch ev.kind {
		case evWrite:
			if s.wait != facts.Never && found != nil && !s.pending.sleep {
				found(finding{write: ev, wait: s.pending, gin: s.gin || s.pending.gin})
			}
			// Later writes on this path follow this one, not the wait.
			s.wait, s.pending, s.gin = facts.Never, event{}, false
		case evWait:
			s.wait, s.pending, s.gin = facts.Always, ev, false
		case evCheck:
			s.wait, s.pending, s.gin = facts.Never, event{}, false
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
// source order.
func (c *checker) analyze(sc *scope.Scope) (facts.Blocking, []finding) {
	g := c.cfgOf(sc)
	if g == nil {
		return facts.Blocking{}, nil
	}
	events := map[ast.Node][]event{}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			events[n] = c.nodeEvents(sc, n)
		}
	}
	res := flow.Forward(g, flow.Problem[state]{
		Transfer: func(n any, in state) state {
			node, _ := n.(ast.Node)
			return apply(events[node], in, nil)
		},
		Join:  join,
		Equal: func(a, b state) bool { return a == b },
	})

	var sum facts.Blocking
	returned := false
	byPos := map[token.Pos]finding{}
	for _, b := range g.Blocks {
		if !res.Reached(b) {
			continue
		}
		s := res.In[b]
		for _, n := range b.Nodes {
			s = apply(events[n], s, func(f finding) {
				if _, dup := byPos[f.write.pos]; !dup {
					byPos[f.write.pos] = f
				}
			})
			if _, ok := n.(*ast.ReturnStmt); !ok {
				continue
			}
			if !returned {
				sum.Blocks, sum.ChecksContext, returned = s.wait, s.checked, true
			} else {
				sum.Blocks, sum.ChecksContext = sum.Blocks.Join(s.wait), sum.ChecksContext.Join(s.checked)
			}
			via := s.pending.via
			if via == "" {
				via = s.pending.what
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
