package doublewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/edit"
	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/respflow"
	"github.com/resetlint/resetlint/analyzers/internal/respwriter"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
	"github.com/resetlint/resetlint/analyzers/internal/suppress"
)

// Analyzer is the doublewrite pass with its default settings.
var Analyzer = New()

// New returns a fresh doublewrite analyzer with its own flags, so that two
// configurations (two golangci-lint linter instances) never share state.
func New() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "doublewrite",
		Doc:      doc,
		URL:      "https://github.com/resetlint/resetlint#doublewrite",
		Requires: []*analysis.Analyzer{respflow.Analyzer},
	}
	cfg := &config{}
	a.Flags.BoolVar(&cfg.tests, "tests", false, "also report in _test.go files (test servers often misuse the response on purpose)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

type config struct {
	tests bool // report in _test.go files
}

func run(pass *analysis.Pass, cfg *config) (any, error) {
	// Fast path: without net/http or a framework there is no response.
	if !scope.ImportsFramework(pass.Pkg) {
		return nil, nil
	}
	flows := pass.ResultOf[respflow.Analyzer].(*respflow.Result)
	if len(flows.Funcs()) == 0 {
		return nil, nil // no request scope
	}
	c := &checker{
		pass:     pass,
		flows:    flows,
		rep:      suppress.New(pass),
		trailers: make(map[*scope.Scope]bool),
		reported: make(map[reportKey]bool),
		ed:       edit.New(pass),
		stmts:    make(map[*ast.CallExpr]stmtPlace),
		walked:   make(map[ast.Node]bool),
	}
	for _, f := range flows.Funcs() {
		if !cfg.tests && code.InTestFile(pass.Fset, f.Node.Pos()) {
			continue // test servers reply oddly on purpose
		}
		c.check(f)
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	flows    *respflow.Result
	rep      *suppress.Reporter
	trailers map[*scope.Scope]bool
	reported map[reportKey]bool
	ed       *edit.Editor                // reads each file a fix edits once
	stmts    map[*ast.CallExpr]stmtPlace // see placeOf
	walked   map[ast.Node]bool           // the functions whose calls are in stmts
}

// A conflict is a call that acts on a response in a state where that
// act goes wrong.
type conflict uint8

const (
	noConflict     conflict = iota
	secondStatus            // a status after the response was committed
	bodyAfterReply          // body bytes after a terminal reply
	headerTooLate           // a header change after the response was committed
)

type reportKey struct {
	pos  token.Pos
	kind conflict
}

// check reports the conflicts of one function, in source order.
func (c *checker) check(f *respflow.Func) {
	for _, call := range f.Calls {
		if !call.Reached {
			continue
		}
		kind, causes := c.conflictOf(f, call)
		if kind == noConflict {
			continue
		}
		// A cause that is a reply ending an if block is the bug ("no
		// return after http.Error"): report it there, with the fix. Other
		// causes are reported at the call that conflicts with them.
		var others []*respflow.Call
		for _, cause := range causes {
			if place, ok := c.fixPlace(f, cause, call); ok {
				c.reportMissingReturn(f, cause, call, kind, place)
			} else {
				others = append(others, cause)
			}
		}
		if len(others) > 0 || len(causes) == 0 {
			c.reportConflict(f, call, kind, others)
		}
	}
}

// conflictOf returns how call conflicts with the state before it, and
// the calls that brought the response into that state.
func (c *checker) conflictOf(f *respflow.Func, call *respflow.Call) (conflict, []*respflow.Call) {
	s := call.Before
	switch {
	case call.Visible(call.Status) != facts.Never && s.Committed() != facts.Never:
		return secondStatus, s.CommittedBy()
	case call.Visible(call.Body) != facts.Never && s.Terminal() != facts.Never:
		return bodyAfterReply, s.TerminalBy()
	case call.Visible(call.Header) != facts.Never && s.Committed() != facts.Never && !c.trailer(f, call):
		return headerTooLate, s.CommittedBy()
	}
	return noConflict, nil
}

// trailer reports whether a header change after the first write is a
// trailer: its key starts with "Trailer:" (http.TrailerPrefix), or the
// handler declares trailers (Header().Set("Trailer", ...)), after which
// net/http sends the declared keys set late as trailers.
func (c *checker) trailer(f *respflow.Func, call *respflow.Call) bool {
	if key, ok := c.headerKey(call); ok && strings.HasPrefix(strings.ToLower(key), "trailer:") {
		return true
	}
	sc := f.Scope
	declares, seen := c.trailers[sc]
	if !seen {
		ast.Inspect(sc.Body, func(n ast.Node) bool {
			if ce, ok := n.(*ast.CallExpr); ok {
				if hc := c.flows.Call(ce); hc != nil && hc.Direct.Kind == respwriter.Header {
					if key, ok := c.headerKey(hc); ok && strings.EqualFold(key, "Trailer") {
						declares = true
					}
				}
			}
			return !declares
		})
		c.trailers[sc] = declares
	}
	return declares
}

// headerKey returns the constant key of a direct header change.
func (c *checker) headerKey(call *respflow.Call) (string, bool) {
	if call.Direct.Kind != respwriter.Header || len(call.Call.Args) == 0 {
		return "", false
	}
	tv, ok := c.pass.TypesInfo.Types[call.Call.Args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// reportConflict reports call itself; causes are the calls it conflicts
// with (possibly none known).
func (c *checker) reportConflict(f *respflow.Func, call *respflow.Call, kind conflict, causes []*respflow.Call) {
	key := reportKey{call.Call.Pos(), kind}
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	by := ""
	if len(causes) > 0 {
		by = fmt.Sprintf(" by %s (line %d)", causes[0].Name, c.line(causes[0].Call.Pos()))
	}
	when := "after"
	if (kind == bodyAfterReply && call.Before.Terminal() == facts.Maybe) ||
		(kind != bodyAfterReply && call.Before.Committed() == facts.Maybe) {
		when = "on some path after"
	}
	var msg string
	switch kind {
	case secondStatus:
		msg = fmt.Sprintf("%s sends a status %s the response was committed%s: %s and the client keeps the first status, so this one and the error it reports are lost",
			call.Name, when, by, runtimeComplaint(f.Scope))
	case bodyAfterReply:
		msg = fmt.Sprintf("%s writes %s a complete reply was sent%s: the client gets that reply with these bytes appended, a mangled response",
			call.Name, when, by)
	case headerTooLate:
		msg = fmt.Sprintf("%s changes a header %s the response was committed%s: headers set after the first write are silently dropped",
			call.Name, when, by)
	}
	c.rep.Report(analysis.Diagnostic{Pos: call.Call.Pos(), End: call.Call.End(), Message: msg})
}

// runtimeComplaint is what the server logs for a second status.
func runtimeComplaint(sc *scope.Scope) string {
	switch sc.Kind {
	case scope.Gin:
		return `gin logs "[WARNING] Headers were already written"`
	case scope.Echo:
		return `echo logs "response already committed"`
	}
	return `net/http logs "http: superfluous response.WriteHeader call"`
}

// reportMissingReturn reports a reply that ends an if block and falls
// through to call, with a fix that returns after it.
func (c *checker) reportMissingReturn(f *respflow.Func, cause, call *respflow.Call, kind conflict, place stmtPlace) {
	key := reportKey{cause.Call.Pos(), noConflict}
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	line := c.line(call.Call.Pos())
	var next string
	switch kind {
	case secondStatus:
		next = fmt.Sprintf("%s (line %d) sends a second status, which the client never sees (%s)", call.Name, line, runtimeComplaint(f.Scope))
	case bodyAfterReply:
		next = fmt.Sprintf("%s (line %d) appends to this reply, so the client gets a mangled response", call.Name, line)
	case headerTooLate:
		next = fmt.Sprintf("%s (line %d) changes a header that was already sent", call.Name, line)
	}
	msg := fmt.Sprintf("%s replies but the handler does not return: on the path out of this if, %s", cause.Name, next)
	d := analysis.Diagnostic{Pos: cause.Call.Pos(), End: cause.Call.End(), Message: msg}
	if edit, ok := c.insertReturn(place); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "Return after the reply",
			TextEdits: []analysis.TextEdit{edit},
		}}
	}
	c.rep.Report(d)
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// A stmtPlace is where a call statement sits: its statement and the
// block around it, and the if statement that block belongs to, if any.
type stmtPlace struct {
	stmt  *ast.ExprStmt
	block *ast.BlockStmt
	ifs   *ast.IfStmt
}

// placeOf returns the place of call if it is a statement of its own. A
// function's statements are indexed in one walk when one of its calls is
// first asked about: few functions have a reply to fix, so most are
// never walked. (A search from the root for each call would cost the
// depth of the call each time, and node ends are themselves recursive on
// else-if chains.)
func (c *checker) placeOf(call *respflow.Call) (stmtPlace, bool) {
	fn := call.Func.Node
	if !c.walked[fn] {
		c.walked[fn] = true
		statementsOfCalls(fn, c.stmts)
	}
	place, ok := c.stmts[call.Call]
	return place, ok
}

// statementsOfCalls adds to out each call under root that is a statement
// of its own, with its place.
func statementsOfCalls(root ast.Node, out map[*ast.CallExpr]stmtPlace) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		stmt, ok := n.(*ast.ExprStmt)
		if !ok || len(stack) < 3 {
			return true
		}
		call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
		if !ok {
			return true
		}
		block, ok := stack[len(stack)-2].(*ast.BlockStmt)
		if !ok {
			return true
		}
		place := stmtPlace{stmt: stmt, block: block}
		if ifs, ok := stack[len(stack)-3].(*ast.IfStmt); ok && (ifs.Body == block || ifs.Else == block) {
			place.ifs = ifs
		}
		out[call] = place
		return true
	})
}

// fixPlace reports whether cause is a reply that ends an if block of a
// function with no results, so that a return after it is clearly the
// fix; the statements after the reply in that block may only be calls
// that do not touch the response (logging).
func (c *checker) fixPlace(f *respflow.Func, cause, call *respflow.Call) (stmtPlace, bool) {
	if cause == call || cause.Status != facts.Always || hasResults(f.Node) {
		return stmtPlace{}, false
	}
	// The call is in its function's CFG, so inside the function node.
	place, ok := c.placeOf(cause)
	if !ok || place.ifs == nil {
		return stmtPlace{}, false
	}
	after := false
	for _, st := range place.block.List {
		if st == place.stmt {
			after = true
			continue
		}
		if !after {
			continue
		}
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return stmtPlace{}, false
		}
		ce, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || c.flows.Call(ce) != nil {
			return stmtPlace{}, false
		}
	}
	return place, true
}

func hasResults(fn ast.Node) bool {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Type.Results.NumFields() > 0
	case *ast.FuncLit:
		return fn.Type.Results.NumFields() > 0
	}
	return true
}

// insertReturn returns the edit that adds `return` on a line of its own
// after the block's last statement (and its trailing comment), indented
// like that statement.
func (c *checker) insertReturn(place stmtPlace) (analysis.TextEdit, bool) {
	last := place.block.List[len(place.block.List)-1]
	src, tf := c.ed.Content(last.Pos())
	if src == nil {
		return analysis.TextEdit{}, false
	}
	start := tf.Offset(tf.LineStart(tf.Line(last.Pos())))
	end := tf.Offset(last.Pos())
	indent := string(src[start:end])
	if strings.TrimLeft(indent, " \t") != "" {
		return analysis.TextEdit{}, false // the statement shares its line: an unusual layout
	}
	eol := tf.Offset(last.End())
	for eol < len(src) && src[eol] != '\n' {
		eol++
	}
	rest := strings.TrimSpace(string(src[tf.Offset(last.End()):eol]))
	if rest != "" && !strings.HasPrefix(rest, "//") {
		return analysis.TextEdit{}, false // more code on the line
	}
	pos := tf.Pos(eol)
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("\n" + indent + "return")}, true
}
