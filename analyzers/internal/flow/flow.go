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

// Solution holds the state on entry to each block, by block index; it
// is what Solve returns, without the map of Result.
type Solution[S any] struct {
	in   []S
	seen []uint8 // 1 if reached
}

// In returns the state on entry to block b, and whether the analysis
// reached b from the entry.
func (s Solution[S]) In(b *cfg.Block) (S, bool) {
	if int(b.Index) >= len(s.seen) || s.seen[b.Index] == 0 {
		var zero S
		return zero, false
	}
	return s.in[b.Index], true
}

// maxVisits bounds the work per block: states of a well-formed problem
// climb a finite lattice, but an ill-formed Join must not loop forever.
const maxVisits = 64

// Forward solves p over g (see Solve) and returns the states in a map.
func Forward[S any](g *cfg.CFG, p Problem[S]) Result[S] {
	res := Result[S]{In: make(map[*cfg.Block]S)}
	if g == nil {
		return res
	}
	sol := Solve(g, p)
	for _, b := range g.Blocks {
		if s, ok := sol.In(b); ok {
			res.In[b] = s
		}
	}
	return res
}

// Solve solves p over g with a worklist that always takes the block
// first in reverse postorder: a block is visited after every block that
// reaches it outside a loop, so an acyclic function is solved with one
// visit per block, and a loop's body is revisited only when its back
// edges bring a new state. (A first-in first-out worklist revisits the
// blocks after each merge once per path length that reaches it, which
// grows with the number of branches before it.)
func Solve[S any](g *cfg.CFG, p Problem[S]) Solution[S] {
	if g == nil || len(g.Blocks) == 0 {
		return Solution[S]{}
	}
	n := len(g.Blocks)
	in := make([]S, n)
	// The per-block flags share one allocation.
	flags := make([]uint8, 3*n)
	seen, visits, queued := flags[:n:n], flags[n:2*n:2*n], flags[2*n:]
	if len(g.Blocks[0].Succs) == 0 {
		// Straight-line code: only the entry is reached.
		in[0], seen[0] = p.Entry, 1
		return Solution[S]{in: in, seen: seen}
	}
	order, rank := reversePostorder(g)
	entry := g.Blocks[0]
	in[entry.Index] = p.Entry
	seen[entry.Index] = 1
	work := queue{queued: queued, ranks: make([]int32, 0, 8)}
	work.push(rank[entry.Index])
	for len(work.ranks) > 0 {
		b := order[work.pop()]
		if visits[b.Index] == maxVisits {
			continue
		}
		visits[b.Index]++
		out := in[b.Index]
		for _, n := range b.Nodes {
			out = p.Transfer(n, out)
		}
		for i, succ := range b.Succs {
			next := out
			if p.Edge != nil {
				next = p.Edge(b, i, out)
			}
			if seen[succ.Index] != 0 {
				old := in[succ.Index]
				next = p.Join(old, next)
				if p.Equal(old, next) {
					continue
				}
			}
			in[succ.Index], seen[succ.Index] = next, 1
			work.push(rank[succ.Index])
		}
	}
	return Solution[S]{in: in, seen: seen}
}

// Unchanged is the solution of a problem whose transfers and edges
// leave every state as it is (a function with nothing to track): each
// block reachable from the entry is entered with entry.
func Unchanged[S any](g *cfg.CFG, entry S) Solution[S] {
	if g == nil || len(g.Blocks) == 0 {
		return Solution[S]{}
	}
	in := make([]S, len(g.Blocks))
	seen := make([]uint8, len(g.Blocks))
	stack := []*cfg.Block{g.Blocks[0]}
	seen[g.Blocks[0].Index] = 1
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		in[b.Index] = entry
		for _, succ := range b.Succs {
			if seen[succ.Index] == 0 {
				seen[succ.Index] = 1
				stack = append(stack, succ)
			}
		}
	}
	return Solution[S]{in: in, seen: seen}
}

// reversePostorder returns the blocks reachable from g's entry in
// reverse postorder of a depth-first search, and each block's position
// in that order by block index (-1 for an unreachable block).
func reversePostorder(g *cfg.CFG) ([]*cfg.Block, []int32) {
	const (
		unseen  = -1
		visited = -2 // found by the search, not yet ranked
	)
	n := len(g.Blocks)
	rank := make([]int32, n)
	for i := range rank {
		rank[i] = unseen
	}
	type frame struct {
		b    *cfg.Block
		next int
	}
	// Blocks are placed from the end as they finish: order[k:] is then
	// the reverse postorder of the reachable blocks.
	order := make([]*cfg.Block, n)
	k := n
	stack := []frame{{b: g.Blocks[0]}}
	rank[g.Blocks[0].Index] = visited
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == len(top.b.Succs) {
			k--
			order[k] = top.b
			stack = stack[:len(stack)-1]
			continue
		}
		succ := top.b.Succs[top.next]
		top.next++
		if rank[succ.Index] == unseen {
			rank[succ.Index] = visited
			stack = append(stack, frame{b: succ})
		}
	}
	order = order[k:]
	for j, b := range order {
		rank[b.Index] = int32(j)
	}
	return order, rank
}

// queue is a set of block ranks that pops the smallest first.
type queue struct {
	ranks  []int32 // a binary min-heap
	queued []uint8 // by rank: 1 if queued
}

func (q *queue) push(r int32) {
	if q.queued[r] != 0 {
		return
	}
	q.queued[r] = 1
	q.ranks = append(q.ranks, r)
	for i := len(q.ranks) - 1; i > 0; {
		parent := (i - 1) / 2
		if q.ranks[parent] <= q.ranks[i] {
			break
		}
		q.ranks[parent], q.ranks[i] = q.ranks[i], q.ranks[parent]
		i = parent
	}
}

func (q *queue) pop() int32 {
	top := q.ranks[0]
	last := len(q.ranks) - 1
	q.ranks[0] = q.ranks[last]
	q.ranks = q.ranks[:last]
	for i := 0; ; {
		small, l, r := i, 2*i+1, 2*i+2
		if l < last && q.ranks[l] < q.ranks[small] {
			small = l
		}
		if r < last && q.ranks[r] < q.ranks[small] {
			small = r
		}
		if small == i {
			break
		}
		q.ranks[i], q.ranks[small] = q.ranks[small], q.ranks[i]
		i = small
	}
	q.queued[top] = 0
	return top
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
