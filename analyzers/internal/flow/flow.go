// Package flow runs small forward dataflow problems over the control-flow
// graphs that the ctrlflow pass builds, one per function. Handler passes
// use it to track per-path state such as "the response is committed".
package flow

import "golang.org/x/tools/go/cfg"

// Problem is a forward dataflow problem over a finite lattice of states S.
type Problem[S any] struct {
	// Entry is the state on entry to the function.
	Entry S
	// Transfer returns the state after node n, given the state before it.
	// The nodes are those of cfg.Block.Nodes, in order.
	Transfer func(n any, in S) S
	// Join merges the states of two incoming edges.
	Join func(a, b S) S
	// Equal reports whether two states are the same.
	Equal func(a, b S) bool
	// Edge, if set, returns the state that flows from block from along
	// its i-th successor edge, given the state at the end of from. It
	// refines states by what an edge implies (the true branch of
	// `err != nil`, a loop's back edge); nil passes states unchanged.
	Edge func(from *cfg.Block, i int, out S) S
}

// Result holds the state on entry to each reachable block.
type Result[S any] struct {
	In map[*cfg.Block]S
}

// maxVisits bounds the work per block: states of a well-formed problem
// climb a finite lattice, but an ill-formed Join must not loop forever.
const maxVisits = 64

// Forward solves p over g with a worklist.
func Forward[S any](g *cfg.CFG, p Problem[S]) Result[S] {
	res := Result[S]{In: make(map[*cfg.Block]S)}
	if g == nil || len(g.Blocks) == 0 {
		return res
	}
	entry := g.Blocks[0]
	res.In[entry] = p.Entry
	visits := make(map[*cfg.Block]int)
	work := []*cfg.Block{entry}
	queued := map[*cfg.Block]bool{entry: true}
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b] = false
		visits[b]++
		if visits[b] > maxVisits {
			continue
		}
		out := res.Out(b, p)
		for i, succ := range b.Succs {
			old, seen := res.In[succ]
			next := out
			if p.Edge != nil {
				next = p.Edge(b, i, out)
			}
			if seen {
				next = p.Join(old, next)
				if p.Equal(old, next) {
					continue
				}
			}
			res.In[succ] = next
			if !queued[succ] {
				queued[succ] = true
				work = append(work, succ)
			}
		}
	}
	return res
}

// Out returns the state at the end of block b.
func (r Result[S]) Out(b *cfg.Block, p Problem[S]) S {
	s := r.In[b]
	for _, n := range b.Nodes {
		s = p.Transfer(n, s)
	}
	return s
}

// Reached reports whether the analysis reached block b from the entry.
func (r Result[S]) Reached(b *cfg.Block) bool {
	_, ok := r.In[b]
	return ok
}
