package bodylimit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

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
	for _, sc := range c.scopes.List {
		if sc.Role != scope.Handler {
			continue
		}
		if sc.Obj != nil && c.calledOnly[sc.Obj.Origin()] {
			continue
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
		c.analyzeFunc(sc, sc.Func, false, func(rd read) {
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
		return rd.name + " copies the request body to a file with no size limit: one request can fill the disk, and the server starts failing requests and resetting connections"
	case readMultipart:
		if rd.maxMemory > int64(c.cfg.multipartMax) {
			return fmt.Sprintf("%s keeps up to %s of the request in memory and the body has no size limit: %s",
				rd.name, formatSize(rd.maxMemory), consequence)
		}
		budget := "maxMemory"
		if rd.maxMemory >= 0 {
			budget = formatSize(rd.maxMemory)
		}
		return fmt.Sprintf("%s parses a multipart body with no size limit (maxMemory is not one): files beyond %s go to temp files with no bound, so one request can fill the disk, and the server starts failing requests and resetting connections",
			rd.name, budget)
	}
	return rd.name + " reads the request body with no size limit: " + consequence
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
	file := c.fileOf(sc.Body.Pos())
	if file == nil {
		return nil
	}
	first := sc.Body.List[0]
	httpName, importEdit, ok := c.httpName(file, first.Pos())
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
		stmt = fmt.Sprintf("%s.Body = %s.MaxBytesReader(%s, %s.Body, %s)", r, httpName, w, r, limit)
	case sc.Kind == scope.Gin && usable(sc.Context):
		x := sc.Context.Name()
		stmt = fmt.Sprintf("%s.Request.Body = %s.MaxBytesReader(%s.Writer, %s.Request.Body, %s)", x, httpName, x, x, limit)
	case sc.Kind == scope.Echo && usable(sc.Context):
		x := sc.Context.Name()
		stmt = fmt.Sprintf("%s.Request().Body = %s.MaxBytesReader(%s.Response(), %s.Request().Body, %s)", x, httpName, x, x, limit)
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
	edits := []analysis.TextEdit{{Pos: first.Pos(), End: first.Pos(), NewText: []byte(text)}}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Bound the request body with http.MaxBytesReader (%s)", formatSize(size)),
		TextEdits: edits,
	}}
}

func usable(v *types.Var) bool { return v != nil && v.Name() != "_" && v.Name() != "" }

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// httpName returns the name under which file refers to net/http at pos,
// and the edit that imports it if the file does not yet. It fails when
// the name would be shadowed there.
func (c *checker) httpName(file *ast.File, pos token.Pos) (string, *analysis.TextEdit, bool) {
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || path != scope.NetHTTPPath {
			continue
		}
		name := "http"
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		return name, nil, c.resolvesToHTTP(name, pos)
	}
	// The file does not import net/http (a gin or echo handler file).
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return "", nil, false
	}
	if _, obj := inner.LookupParent("http", pos); obj != nil {
		return "", nil, false // "http" is taken
	}
	edit := c.importEdit(file)
	return "http", edit, edit != nil
}

// resolvesToHTTP reports whether name denotes the net/http import at pos.
func (c *checker) resolvesToHTTP(name string, pos token.Pos) bool {
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return false
	}
	_, obj := inner.LookupParent(name, pos)
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == scope.NetHTTPPath
}

// importEdit adds "net/http" to the file's imports: first in the first
// parenthesised import block (in a group of its own unless that block
// starts with std imports), or, when the file has a single unparenthesised
// import, by turning it into a block.
func (c *checker) importEdit(file *ast.File) *analysis.TextEdit {
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT || len(gd.Specs) == 0 {
			continue
		}
		first := gd.Specs[0].(*ast.ImportSpec)
		sep := "\n\n\t" // a group of its own, before third-party imports
		if path, err := strconv.Unquote(first.Path.Value); err == nil && !strings.Contains(strings.Split(path, "/")[0], ".") {
			sep = "\n\t" // among std imports
		}
		if gd.Lparen.IsValid() {
			return &analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(`"net/http"` + sep)}
		}
		tf := c.pass.Fset.File(gd.Pos())
		src, err := c.pass.ReadFile(tf.Name())
		if err != nil {
			return nil
		}
		spec := src[tf.Offset(first.Pos()):tf.Offset(first.End())]
		text := "import (\n\t\"net/http\"" + sep + string(spec) + "\n)"
		return &analysis.TextEdit{Pos: gd.Pos(), End: gd.End(), NewText: []byte(text)}
	}
	return nil
}

// indentOf returns the whitespace that starts the line of pos.
func (c *checker) indentOf(tf *token.File, pos token.Pos) string {
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
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
