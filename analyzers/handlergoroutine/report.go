package handlergoroutine

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// reportUnjoined reports goroutines that use the request and may still
// run after the scope returns.
//
// A goroutine that uses the writer, the body or a framework context is
// reported when some path returns without waiting for it: any late use
// breaks. One that only reads request fields or works with the request
// context is reported only when no path waits for it: a handler that
// waits on some paths and gives up on others (a select on a result and
// ctx.Done(), a timeout) means to abandon the work, and cancelling it
// is the point.
func (fa *funcAnalysis) reportUnjoined() {
	// The dataflow is needed only for a goroutine that could be reported.
	if !slices.ContainsFunc(fa.starts, func(s *start) bool { return s.uses.kinds != 0 && !s.untracked }) {
		return
	}
	exit, _, ok := fa.exitState()
	if !ok {
		return // too many goroutines to track
	}
	for _, s := range fa.starts {
		if s.uses.kinds == 0 || s.untracked {
			continue
		}
		bit := uint64(1) << s.index
		if exit.running&bit == 0 {
			continue
		}
		if s.uses.kinds&strict == 0 && exit.joined&bit != 0 {
			continue
		}
		d := analysis.Diagnostic{Pos: s.node.Pos(), End: s.node.End(), Message: fa.unjoinedMessage(s)}
		if fix := fa.detachFix(s); fix != nil {
			d.SuggestedFixes = fix
		}
		fa.rep.Report(d)
	}
}

// unjoinedMessage names what the goroutine uses and what happens to each
// once the handler has returned.
func (fa *funcAnalysis) unjoinedMessage(s *start) string {
	u := s.uses
	var used, after []string
	name := func(k useKind) string { return shortExpr(u.first[k]) }
	if u.kinds&useWriter != 0 {
		used = append(used, name(useWriter))
		after = append(after, "a write after the handler returns panics or races with the server")
	}
	if u.kinds&useFramework != 0 {
		used = append(used, name(useFramework))
		after = append(after, "the framework reuses the context for another request once the handler returns")
	}
	if u.kinds&useBody != 0 {
		used = append(used, name(useBody))
		after = append(after, "the server closes the body once the handler returns")
	}
	if u.kinds&useContext != 0 {
		used = append(used, name(useContext))
		after = append(after, "the request context is cancelled when the handler returns, which aborts the work")
	}
	if u.kinds&useRequest != 0 && u.kinds&(useBody|useContext) == 0 {
		used = append(used, name(useRequest))
		after = append(after, "the request is finished when the handler returns: its context is cancelled and its body closed")
	}
	wait := "does not wait for it"
	if u.kinds&strict != 0 && len(s.joins) > 0 {
		wait = "does not wait for it on every path"
	}
	return fmt.Sprintf("goroutine uses %s but the %s %s: %s",
		strings.Join(used, " and "), fa.role(), wait, strings.Join(after, "; "))
}

func (fa *funcAnalysis) role() string {
	if fa.sc.Role == scope.Handler {
		return "handler"
	}
	return "function"
}

// detachFix wraps a request context handed to a fire-and-forget goroutine
// in context.WithoutCancel, when the context is all it uses of the
// request: the work then outlives the response, as the code intends.
func (fa *funcAnalysis) detachFix(s *start) []analysis.SuggestedFix {
	if len(s.uses.ctxArgs) == 0 || s.uses.kinds != useContext {
		return nil
	}
	contextQual, importEdits, ok := fa.ed.Import(s.node.Pos(), "context")
	if !ok {
		return nil
	}
	var edits []analysis.TextEdit
	for _, arg := range s.uses.ctxArgs {
		edits = append(edits,
			analysis.TextEdit{Pos: arg.Pos(), End: arg.Pos(), NewText: []byte(contextQual + "WithoutCancel(")},
			analysis.TextEdit{Pos: arg.End(), End: arg.End(), NewText: []byte(")")})
	}
	edits = append(edits, importEdits...)
	return []analysis.SuggestedFix{{
		Message:   "Detach the goroutine's context from the request with context.WithoutCancel",
		TextEdits: edits,
	}}
}
