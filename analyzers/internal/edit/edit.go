// Package edit builds the text edits of resetlint's suggested fixes,
// so that every pass writes them the same way:
//
//   - New(pass) returns an Editor, which reads each source file at most
//     once;
//   - (*Editor).Source(n) is the text of a node as written;
//   - (*Editor).AddFields(lit, fields) appends keyed fields to a composite
//     literal, one per line in a multi-line literal;
//   - (*Editor).SetFields(n, fields) gives a struct value built by a
//     literal, new(T) or a zero `var v T` those fields, turning the last
//     two into literals;
//   - (*Editor).Import(pos, path) returns the name under which code at pos
//     can refer to a package, and the edits that import it when the file
//     does not yet (into the import block, after a lone import, or after
//     the package clause of a file with no imports).
//
// Edits are formatted the way gofmt would leave the common cases;
// drivers format the fixed file anyway. Every builder reports ok=false
// instead of guessing when the source has a shape it does not handle:
// a pass then reports its diagnostic without a fix.
package edit

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// An Editor builds edits for the files of one analysis pass.
type Editor struct {
	pass *analysis.Pass
	src  map[*token.File][]byte // nil entry: the file could not be read
}

// New returns an Editor for pass.
func New(pass *analysis.Pass) *Editor {
	return &Editor{pass: pass, src: make(map[*token.File][]byte)}
}

// content returns the source of the file holding pos, and the file.
func (e *Editor) content(pos token.Pos) ([]byte, *token.File) {
	tf := e.pass.Fset.File(pos)
	if tf == nil {
		return nil, nil
	}
	data, seen := e.src[tf]
	if !seen {
		read := e.pass.ReadFile
		if read == nil {
			e.src[tf] = nil
			return nil, tf
		}
		var err error
		data, err = read(tf.Name())
		// A file that changed since it was parsed cannot be edited
		// safely.
		if err != nil || len(data) != tf.Size() {
			data = nil
		}
		e.src[tf] = data
	}
	return data, tf
}

// Content returns the source of the file that holds pos, read at most
// once per Editor, and that file; the source is nil when the file cannot
// be read or changed since it was parsed.
func (e *Editor) Content(pos token.Pos) ([]byte, *token.File) { return e.content(pos) }

// Source returns the source text of n as written.
func (e *Editor) Source(n ast.Node) (string, bool) {
	data, tf := e.content(n.Pos())
	if data == nil || !n.End().IsValid() || e.pass.Fset.File(n.End()) != tf {
		return "", false
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(data) || start > end {
		return "", false
	}
	return string(data[start:end]), true
}

// File returns the syntax of the pass's file that contains pos, or nil.
func (e *Editor) File(pos token.Pos) *ast.File {
	for _, f := range e.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// A Field is one keyed element to add to a composite literal.
type Field struct {
	Name  string // the key
	Value string // source text of the value
}

func (f Field) String() string { return f.Name + ": " + f.Value }

// AddFields returns the edit that appends fields to the struct literal
// lit. It fails on a literal with unkeyed elements, where a keyed field
// would not compile.
func (e *Editor) AddFields(lit *ast.CompositeLit, fields []Field) (analysis.TextEdit, bool) {
	if len(fields) == 0 || !lit.Lbrace.IsValid() || !lit.Rbrace.IsValid() {
		return analysis.TextEdit{}, false
	}
	for _, elt := range lit.Elts {
		if _, ok := elt.(*ast.KeyValueExpr); !ok {
			return analysis.TextEdit{}, false
		}
	}
	data, tf := e.content(lit.Rbrace)
	if data == nil {
		return analysis.TextEdit{}, false
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.String()
	}
	multiline := tf.Line(lit.Lbrace) != tf.Line(lit.Rbrace)
	if len(lit.Elts) == 0 {
		if !multiline {
			// T{} -> T{A: a, B: b}
			return insert(lit.Rbrace, strings.Join(parts, ", ")), true
		}
		// The closing brace sits on its own line after its indentation:
		// put each field on a line of its own, one tab deeper.
		indent := lineIndent(data, tf, lit.Rbrace)
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString(indent)
			}
			b.WriteString("\t" + p + ",\n")
		}
		b.WriteString(indent)
		return insert(lit.Rbrace, b.String()), true
	}
	last := lit.Elts[len(lit.Elts)-1]
	if !multiline || tf.Line(last.End()) == tf.Line(lit.Rbrace) {
		// T{A: a} -> T{A: a, B: b}; a trailing comma, if any, stays
		// after the new fields.
		return insert(last.End(), ", "+strings.Join(parts, ", ")), true
	}
	// Multi-line: the last element ends with a comma and maybe a line
	// comment; add one line per field after that line, indented like
	// the last element.
	off := tf.Offset(last.End())
	for off < len(data) && (data[off] == ' ' || data[off] == '\t') {
		off++
	}
	if off >= len(data) || data[off] != ',' {
		return analysis.TextEdit{}, false
	}
	eol := bytes.IndexByte(data[off:], '\n')
	if eol < 0 || tf.Pos(off+eol) > lit.Rbrace {
		return analysis.TextEdit{}, false
	}
	indent := lineIndent(data, tf, last.Pos())
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("\n" + indent + p + ",")
	}
	return insert(tf.Pos(off+eol), b.String()), true
}

// SetFields returns the edits that give the struct value built by n
// the fields: n is a composite literal (a field already written gets the
// new value, the others are added), a call new(T) (it becomes &T{...}),
// or the single-name *ast.ValueSpec of a zero `var v T` (it becomes
// var v = T{...}).
func (e *Editor) SetFields(n ast.Node, fields []Field) ([]analysis.TextEdit, bool) {
	switch n := n.(type) {
	case *ast.CompositeLit:
		var edits []analysis.TextEdit
		var add []Field
		for _, f := range fields {
			if v := KeyedValue(n, f.Name); v != nil {
				edits = append(edits, analysis.TextEdit{Pos: v.Pos(), End: v.End(), NewText: []byte(f.Value)})
				continue
			}
			add = append(add, f)
		}
		if len(add) > 0 {
			ed, ok := e.AddFields(n, add)
			if !ok {
				return nil, false
			}
			edits = append(edits, ed)
		}
		return edits, true
	case *ast.CallExpr:
		if len(n.Args) != 1 {
			return nil, false
		}
		typ, ok := e.Source(n.Args[0])
		if !ok {
			return nil, false
		}
		text := "&" + typ + "{" + JoinFields(fields) + "}"
		return []analysis.TextEdit{{Pos: n.Pos(), End: n.End(), NewText: []byte(text)}}, true
	case *ast.ValueSpec:
		if n.Type == nil || len(n.Names) != 1 || len(n.Values) != 0 {
			return nil, false
		}
		typ, ok := e.Source(n.Type)
		if !ok {
			return nil, false
		}
		text := "= " + typ + "{" + JoinFields(fields) + "}"
		return []analysis.TextEdit{{Pos: n.Type.Pos(), End: n.Type.End(), NewText: []byte(text)}}, true
	}
	return nil, false
}

// KeyedValue returns the value of the keyed field name in the literal
// lit, or nil.
func KeyedValue(lit *ast.CompositeLit, name string) ast.Expr {
	if lit == nil {
		return nil
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// JoinFields returns the fields as the elements of a one-line literal.
func JoinFields(fields []Field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.String()
	}
	return strings.Join(parts, ", ")
}

// insert returns an edit that inserts text at pos.
func insert(pos token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}

// lineIndent returns the leading blanks of the line that holds pos.
func lineIndent(data []byte, tf *token.File, pos token.Pos) string {
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(data) && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	return string(data[start:end])
}

// Import returns the qualifier ("time.", or "" for a dot import) under
// which code at pos refers to the package pkgPath, and the edits that
// add the import when the file lacks it. It fails when the name the
// import would take is already used at pos for something else.
func (e *Editor) Import(pos token.Pos, pkgPath string) (qualifier string, edits []analysis.TextEdit, ok bool) {
	file := e.File(pos)
	if file == nil {
		return "", nil, false
	}
	// Already imported: use the file's name for it, if that name still
	// means the package at pos.
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != pkgPath {
			continue
		}
		obj := e.pass.TypesInfo.Implicits[spec]
		if spec.Name != nil {
			obj = e.pass.TypesInfo.Defs[spec.Name]
		}
		pn, _ := obj.(*types.PkgName)
		if pn == nil {
			continue
		}
		switch pn.Name() {
		case "_":
			continue
		case ".":
			return "", nil, true
		}
		if e.lookup(pos, pn.Name()) == types.Object(pn) {
			return pn.Name() + ".", nil, true
		}
	}
	name := e.packageName(pkgPath)
	if e.lookup(pos, name) != nil {
		return "", nil, false
	}
	for _, spec := range file.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return "", nil, false
		}
	}
	edits, ok = e.importEdit(file, pkgPath)
	if !ok {
		return "", nil, false
	}
	return name + ".", edits, true
}

// lookup returns the object that name denotes at pos, or nil.
func (e *Editor) lookup(pos token.Pos, name string) types.Object {
	if e.pass.Pkg == nil {
		return nil
	}
	inner := e.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return nil
	}
	_, obj := inner.LookupParent(name, pos)
	return obj
}

// packageName returns the name a plain import of pkgPath declares.
func (e *Editor) packageName(pkgPath string) string {
	if e.pass.Pkg != nil {
		for _, imp := range e.pass.Pkg.Imports() {
			if imp.Path() == pkgPath {
				return imp.Name()
			}
		}
	}
	return path.Base(pkgPath)
}

// importEdit returns the edit that adds `import "pkgPath"` to file:
// into the first import block, in order among the standard-library
// imports; after the last lone import declaration; or after the package
// clause.
func (e *Editor) importEdit(file *ast.File, pkgPath string) ([]analysis.TextEdit, bool) {
	quoted := strconv.Quote(pkgPath)
	var lastDecl *ast.GenDecl
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break // imports come first
		}
		lastDecl = gd
		if !gd.Lparen.IsValid() {
			continue
		}
		// The standard library group: imports whose path has no dot in
		// its first element. Insert before the first one that sorts
		// after pkgPath, else after the last one.
		var lastStd *ast.ImportSpec
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil || !isStd(p) {
				continue
			}
			if p > pkgPath {
				start := spec.Pos()
				if spec.Doc != nil {
					start = spec.Doc.Pos()
				}
				return []analysis.TextEdit{insert(start, quoted+"\n\t")}, true
			}
			lastStd = spec
		}
		if lastStd != nil {
			return []analysis.TextEdit{insert(lastStd.End(), "\n\t"+quoted)}, true
		}
		// No standard imports yet: a group of its own, first.
		return []analysis.TextEdit{insert(gd.Lparen+1, "\n\t"+quoted+"\n")}, true
	}
	if lastDecl != nil {
		if spec, ok := loneImport(file); ok {
			// import "net/http" -> import ( "net/http"; "time" ), in
			// order, the standard library first.
			p, _ := strconv.Unquote(spec.Path.Value)
			before, after := "(\n\t", "\n\t"+quoted+"\n)"
			switch {
			case !isStd(p):
				before, after = "(\n\t"+quoted+"\n\n\t", "\n)"
			case p > pkgPath:
				before, after = "(\n\t"+quoted+"\n\t", "\n)"
			}
			return []analysis.TextEdit{insert(spec.Pos(), before), insert(spec.End(), after)}, true
		}
		return []analysis.TextEdit{insert(lastDecl.End(), "\nimport "+quoted)}, true
	}
	if file.Name == nil {
		return nil, false
	}
	return []analysis.TextEdit{insert(file.Name.End(), "\n\nimport "+quoted)}, true
}

// loneImport returns the import of a file whose only import
// declaration is a single unparenthesized one, other than cgo's
// import "C" (whose preamble must stay attached to it).
func loneImport(file *ast.File) (*ast.ImportSpec, bool) {
	var decl *ast.GenDecl
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if decl != nil {
			return nil, false
		}
		decl = gd
	}
	if decl == nil || decl.Lparen.IsValid() || len(decl.Specs) != 1 {
		return nil, false
	}
	spec := decl.Specs[0].(*ast.ImportSpec)
	if spec.Path.Value == `"C"` {
		return nil, false
	}
	return spec, true
}

// isStd reports whether an import path looks like the standard
// library's: no dot in its first element.
func isStd(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}
