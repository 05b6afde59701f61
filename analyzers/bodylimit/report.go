package bodylimit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/code"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// report reports the unbounded reads of every handler the pass treats as
// an entry point: a handler scope that the package does not only call
// directly (a handler called from another handler is a helper, reported
// at its call sites through its summary) and that no visible middleware
// bounds.
func (c *checker) report() {
	// Only handlers that may read need the uses of their functions and
	// the wiring, which cost a look at every use and call: a handler that
	// reads nothing has nothing to report, and replaying it would change
	// nothing.
	var readers []*scope.Scope
	decls := make(map[*types.Func]bool)
	for _, sc := range c.scopes.List {
		if sc.Role == scope.Handler && c.mayRead(sc) {
			readers = append(readers, sc)
			if sc.Obj != nil {
				decls[sc.Obj.Origin()] = true
			}
		}
	}
	if len(readers) == 0 {
		return
	}
	c.findCalledOnly(decls)
	for _, sc := range readers {
		if sc.Obj != nil && c.calledOnly[sc.Obj.Origin()] {
			continue
		}
		if c.bounded == nil {
			c.wire()
		}
		if c.bounded[rootNode(sc)] {
			continue
		}
		// A test server is not exposed to the requests that exhaust a
		// production server.
		if code.InTestFile(c.pass.Fset, sc.Body.Pos()) {
			continue
		}
		var reads []read
		seen := make(map[*ast.CallExpr]bool)
		c.replayScope(sc, func(rd read) {
			if !seen[rd.call] {
				seen[rd.call] = true
				reads = append(reads, rd)
			}
		})
		sort.Slice(reads, func(i, j int) bool { return reads[i].call.Pos() < reads[j].call.Pos() })
		for i, rd := range reads {
			d := analysis.Diagnostic{Pos: rd.call.Pos(), End: rd.call.End(), Message: c.message(rd)}
			// One fix per handler: it bounds the body for every read.
			if i == 0 {
				d.SuggestedFixes = c.fix(sc, rd)
			}
			c.rep.Report(d)
		}
	}
}

const consequence = "one request can exhaust memory, and the server is killed or starts resetting connections"

// message names the read and what one request can do through it.
func (c *checker) message(rd read) string {
	switch rd.kind {
	case readToFile:
		return rd.name() + " copies the request body to a file with no size limit: one request can fill the disk, and the server starts failing requests and resetting connections"
	case readMultipart:
		if rd.maxMemory > int64(c.cfg.multipartMax) {
			return fmt.Sprintf("%s keeps up to %s of the request in memory and the body has no size limit: %s",
				rd.name(), formatSize(rd.maxMemory), consequence)
		}
		budget := "maxMemory"
		if rd.maxMemory >= 0 {
			budget = formatSize(rd.maxMemory)
		}
		return fmt.Sprintf("%s parses a multipart body with no size limit (maxMemory is not one): files beyond %s go to temp files with no bound, so one request can fill the disk, and the server starts failing requests and resetting connections",
			rd.name(), budget)
	}
	return rd.name() + " reads the request body with no size limit: " + consequence
}

// fix inserts, as the handler's first statement,
//
//	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
//
// (for gin and echo the same through the context). At the top of the
// handler it runs before every read on every path, and before any copy of
// the request (r.WithContext) shares the unbounded body. The limit is
// 1 MiB for bodies read into memory; for uploads (multipart, a copy to a
// file) it is the handler's own maxMemory when that is a modest constant,
// else 32 MiB, net/http's default.
func (c *checker) fix(sc *scope.Scope, rd read) []analysis.SuggestedFix {
	if len(sc.Body.List) == 0 {
		return nil
	}
	first := sc.Body.List[0]
	// A gin or echo handler file may not import net/http yet.
	httpQual, importEdits, ok := c.ed.Import(first.Pos(), scope.NetHTTPPath)
	if !ok {
		return nil
	}
	limit, size := "1<<20", int64(1<<20)
	if rd.kind == readMultipart || rd.kind == readToFile {
		limit, size = "32<<20", int64(32<<20)
		if rd.memoryText != "" && rd.maxMemory > 0 && rd.maxMemory <= int64(c.cfg.multipartMax) {
			limit, size = rd.memoryText, rd.maxMemory
		}
	}
	var stmt string
	switch {
	case sc.Kind == scope.NetHTTP && usable(sc.Writer) && usable(sc.Request):
		w, r := sc.Writer.Name(), sc.Request.Name()
		stmt = fmt.Sprintf("%s.Body = %sMaxBytesReader(%s, %s.Body, %s)", r, httpQual, w, r, limit)
	case sc.Kind == scope.Gin && usable(sc.Context):
		x := sc.Context.Name()
		stmt = fmt.Sprintf("%s.Request.Body = %sMaxBytesReader(%s.Writer, %s.Request.Body, %s)", x, httpQual, x, x, limit)
	case sc.Kind == scope.Echo && usable(sc.Context):
		x := sc.Context.Name()
		stmt = fmt.Sprintf("%s.Request().Body = %sMaxBytesReader(%s.Response(), %s.Request().Body, %s)", x, httpQual, x, x, limit)
	default:
		return nil // an unnamed writer or request: nothing to refer to
	}
	tf := c.pass.Fset.File(first.Pos())
	var text string
	if tf.Line(first.Pos()) == tf.Line(sc.Body.Lbrace) {
		text = stmt + "; " // a one-line body
	} else {
		text = stmt + "\n" + c.indentOf(tf, first.Pos())
	}
	edits := append([]analysis.TextEdit{{Pos: first.Pos(), End: first.Pos(), NewText: []byte(text)}}, importEdits...)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Bound the request body with http.MaxBytesReader (%s)", formatSize(size)),
		TextEdits: edits,
	}}
}

func usable(v *types.Var) bool { return v != nil && v.Name() != "_" && v.Name() != "" }

// indentOf returns the whitespace that starts the line of pos.
func (c *checker) indentOf(tf *token.File, pos token.Pos) string {
	src, _ := c.ed.Content(pos)
	if src == nil {
		return "\t"
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := tf.Offset(pos)
	if start < 0 || end > len(src) || start > end {
		return "\t"
	}
	line := src[start:end]
	if len(bytes.TrimLeft(line, " \t")) != 0 {
		return "\t"
	}
	return string(line)
}
