package respflow

import "github.com/resetlint/resetlint/analyzers/internal/facts"

// effect is one thing a call can do to the response, as a bit.
type effect uint8

const (
	commits  effect = 1 << iota // the status line and headers are sent
	status                      // a status of the code's choice is sent
	terminal                    // a complete reply that must be the last write
	body                        // body bytes are written
	header                      // a response header is changed
	fails                       // an error status (4xx, 5xx) is sent
)

// State is what has happened to the response on the paths that reach a
// point of a function: a small lattice, joined at merges, that keeps for
// each effect whether it happened on some path (may) and on every path
// (must).
//
// Effects are kept in three may-sets, by how much a pass may trust them:
//   - may: happened on some path of the current loop iteration that the
//     analysis can follow; passes report on these;
//   - prior: happened in an earlier iteration of an enclosing loop. An
//     iteration that ends in `http.Error(...); continue` is usually the
//     last one that writes, by a condition the analysis cannot see, so
//     a write in the next iteration is not reported; the effects come
//     back into may where the loop is left;
//   - hidden: a helper that returns a value did it on some of its paths.
//     The caller learns which through the value (`if !auth(w, r) {
//     return }`), which the analysis does not interpret, so these count
//     for the function's own summary but not for reports.
//
// Besides the effects, a state remembers which calls committed the
// response first and which sent a terminal reply, for messages and
// fixes; and a pending error (see pending).
type State struct {
	may, must, prior, hidden effect

	commitBy, terminalBy           origins
	priorCommitBy, priorTerminalBy origins

	// pendingKey is the error variable (or the call, in `if f(w) != nil`)
	// that holds the result of the last call that wrote to the
	// response; pending is the state before that call. On the branch
	// where that error is non-nil, the state reverts to pending: the
	// common failure of an encoder or template (marshalling, escaping)
	// happens before any byte is sent, and when the write itself failed
	// the client is gone and nothing more reaches it.
	pendingKey any
	pending    *snapshot
}

// snapshot is the part of a State that a failed write reverts to.
type snapshot struct {
	may, must, hidden    effect
	commitBy, terminalBy origins
}

// origins is a set of calls of one function. It is an immutable list
// sorted by decreasing index in the function (the last call first), so
// that a call made after all of a set's calls, the common case along a
// path, is added in constant time, and the states of the paths through
// a branch share the list of the calls before it: joins and comparisons
// stop where two lists meet. The zero value is the empty set.
type origins struct{ head *originCell }

type originCell struct {
	call *Call
	next *originCell
}

func (o origins) add(c *Call) origins {
	if o.head == nil || o.head.call.Index < c.Index {
		return origins{&originCell{call: c, next: o.head}}
	}
	return o.union(origins{&originCell{call: c}})
}

func (o origins) union(p origins) origins {
	if o.contains(p) {
		return o
	}
	if p.contains(o) {
		return p
	}
	// Merge the lists down to the tail they share (possibly empty).
	var calls []*Call
	a, b := o.head, p.head
	for a != b {
		switch {
		case b == nil || (a != nil && a.call.Index > b.call.Index):
			calls = append(calls, a.call)
			a = a.next
		case a == nil || b.call.Index > a.call.Index:
			calls = append(calls, b.call)
			b = b.next
		default: // the same call
			calls = append(calls, a.call)
			a, b = a.next, b.next
		}
	}
	tail := a
	for i := len(calls) - 1; i >= 0; i-- {
		tail = &originCell{call: calls[i], next: tail}
	}
	return origins{tail}
}

// contains reports whether every call of p is in o.
func (o origins) contains(p origins) bool {
	a, b := o.head, p.head
	for b != nil && a != b {
		switch {
		case a == nil:
			return false
		case a.call.Index > b.call.Index:
			a = a.next
		case a.call == b.call:
			a, b = a.next, b.next
		default:
			return false
		}
	}
	return true
}

func (o origins) equal(p origins) bool {
	a, b := o.head, p.head
	for a != b {
		if a == nil || b == nil || a.call != b.call {
			return false
		}
		a, b = a.next, b.next
	}
	return true
}

// calls returns the calls in source order, nil for none.
func (o origins) calls() []*Call {
	n := 0
	for c := o.head; c != nil; c = c.next {
		n++
	}
	if n == 0 {
		return nil
	}
	out := make([]*Call, n)
	for c := o.head; c != nil; c = c.next {
		n--
		out[n] = c.call
	}
	return out
}

// Committed says whether the response has been committed (status and
// headers sent) on the paths that reach this point: Always on every
// path, Maybe on some path the analysis can follow.
func (s State) Committed() facts.Effect { return s.effect(commits) }

// Terminal says whether a terminal reply (http.Error, http.Redirect,
// http.NotFound, http.ServeFile, c.AbortWithStatusJSON, ...) has been
// sent on the paths that reach this point.
func (s State) Terminal() facts.Effect { return s.effect(terminal) }

func (s State) effect(e effect) facts.Effect {
	switch {
	case s.must&e != 0:
		return facts.Always
	case s.may&e != 0:
		return facts.Maybe
	}
	return facts.Never
}

// CommittedBy returns the calls that committed the response first on
// some path reaching this point, in source order.
func (s State) CommittedBy() []*Call { return s.commitBy.calls() }

// TerminalBy returns the calls that sent a terminal reply on some path
// reaching this point, in source order.
func (s State) TerminalBy() []*Call { return s.terminalBy.calls() }

// join merges the states of two paths.
func join(a, b State) State {
	out := State{
		may:             a.may | b.may,
		must:            a.must & b.must,
		prior:           a.prior | b.prior,
		hidden:          a.hidden | b.hidden,
		commitBy:        a.commitBy.union(b.commitBy),
		terminalBy:      a.terminalBy.union(b.terminalBy),
		priorCommitBy:   a.priorCommitBy.union(b.priorCommitBy),
		priorTerminalBy: a.priorTerminalBy.union(b.priorTerminalBy),
	}
	if a.pendingKey != nil && a.pendingKey == b.pendingKey {
		p := joinSnapshots(*a.pending, *b.pending)
		out.pendingKey, out.pending = a.pendingKey, &p
	}
	return out
}

func joinSnapshots(a, b snapshot) snapshot {
	return snapshot{
		may:        a.may | b.may,
		must:       a.must & b.must,
		hidden:     a.hidden | b.hidden,
		commitBy:   a.commitBy.union(b.commitBy),
		terminalBy: a.terminalBy.union(b.terminalBy),
	}
}

func equal(a, b State) bool {
	if a.may != b.may || a.must != b.must || a.prior != b.prior || a.hidden != b.hidden ||
		!a.commitBy.equal(b.commitBy) || !a.terminalBy.equal(b.terminalBy) ||
		!a.priorCommitBy.equal(b.priorCommitBy) || !a.priorTerminalBy.equal(b.priorTerminalBy) ||
		a.pendingKey != b.pendingKey {
		return false
	}
	if a.pending == nil || b.pending == nil {
		return a.pending == b.pending
	}
	p, q := a.pending, b.pending
	return p.may == q.may && p.must == q.must && p.hidden == q.hidden &&
		p.commitBy.equal(q.commitBy) && p.terminalBy.equal(q.terminalBy)
}

// apply returns the state after call c, whose op is op.
func (s State) apply(c *Call) State {
	op := c.Op
	always, maybe := op.bits()
	if op.Signals {
		// A helper that returns a value says through it which of its
		// conditional effects happened; see State.
		s.hidden |= maybe
		maybe = 0
	}
	if (always|maybe)&commits != 0 && s.must&commits == 0 {
		s.commitBy = s.commitBy.add(c)
	}
	if (always|maybe)&terminal != 0 {
		s.terminalBy = s.terminalBy.add(c)
	}
	s.may |= always | maybe
	s.must |= always
	// The effects of this call are not those a pending error describes.
	s.pendingKey, s.pending = nil, nil
	return s
}

// snap returns the part of s that a failed write reverts to.
func (s State) snap() *snapshot {
	return &snapshot{may: s.may, must: s.must, hidden: s.hidden, commitBy: s.commitBy, terminalBy: s.terminalBy}
}

// revert returns s as it was before the write whose error is pending.
func (s State) revert() State {
	p := s.pending
	s.may, s.must, s.hidden = p.may, p.must, p.hidden
	s.commitBy, s.terminalBy = p.commitBy, p.terminalBy
	s.pendingKey, s.pending = nil, nil
	return s
}

// nextIteration moves the effects of the current iteration into prior,
// on a loop's back edge.
func (s State) nextIteration() State {
	s.prior |= s.may
	s.priorCommitBy = s.priorCommitBy.union(s.commitBy)
	s.priorTerminalBy = s.priorTerminalBy.union(s.terminalBy)
	s.may = 0
	s.commitBy, s.terminalBy = origins{}, origins{}
	s.pendingKey, s.pending = nil, nil
	return s
}

// leaveLoop brings the effects of earlier iterations back, where a loop
// is left: the code after the loop follows all of its iterations.
func (s State) leaveLoop() State {
	s.may |= s.prior
	s.commitBy = s.commitBy.union(s.priorCommitBy)
	s.terminalBy = s.terminalBy.union(s.priorTerminalBy)
	s.prior = 0
	s.priorCommitBy, s.priorTerminalBy = origins{}, origins{}
	return s
}

// written returns s on a branch where the response is known to be
// committed (`if c.Writer.Written()`).
func (s State) written() State {
	s.may |= commits
	s.must |= commits
	return s
}

// unwritten returns s on a branch where the response is known not to be
// committed yet (`if !c.Writer.Written()`, `if !c.Response().Committed`).
func (s State) unwritten() State {
	const sent = commits | status | terminal | body | fails
	s.may &^= sent
	s.must &^= sent
	s.prior &^= sent
	s.hidden &^= sent
	s.commitBy, s.terminalBy, s.priorCommitBy, s.priorTerminalBy = origins{}, origins{}, origins{}, origins{}
	return s
}

// summary turns the state at the function's returns into a fact.
func (s State) summary(param int) facts.Response {
	eff := func(e effect) facts.Effect {
		switch {
		case s.must&e != 0:
			return facts.Always
		case (s.may|s.prior|s.hidden)&e != 0:
			return facts.Maybe
		}
		return facts.Never
	}
	return facts.Response{
		Param:      param,
		Commits:    eff(commits),
		Status:     eff(status),
		Fails:      eff(fails),
		Terminal:   eff(terminal),
		WritesBody: eff(body),
		SetsHeader: eff(header),
	}
}
