package driver

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/resetlint/resetlint/analyzers"
)

// Trimming released dependencies.
//
// A released dependency (a module with a version) that imports net/http
// or a framework is type-checked from source because its functions that
// receive request values may carry facts. Only those functions and what
// they refer to matter; the rest of such a package can be large (a
// compression library's dictionary tables are megabytes of composite
// literals) and would cost more to type-check than all the target
// packages together. trim therefore drops, before type-checking:
//
//   - the bodies of functions and methods that are neither request
//     functions (their signature names a type of net/http or a framework)
//     nor referred to by name, transitively, from a kept body;
//   - the initializers of package-level variables that are composite
//     literals of an explicit type (`var t = [4096]uint16{...}` becomes
//     `var t [4096]uint16`), which leaves the variable's type unchanged:
//     facts are about functions, and no analysis of a function body
//     reads a variable's initializer.
//
// Declarations and types are untouched, so the package's API, and so the
// identity of every object other packages see, is the same. The type
// checker's soft errors that trimming causes (an import now unused) are
// ignored. Facts about the kept functions are exactly those of a full
// analysis as long as a fact owner, in a released dependency, derives
// facts only from request functions and the functions they call (the
// contract of analyzers/internal/facts).

// trim trims files (of one package) in place, keeping the bodies of the
// functions for which seed holds and of those they refer to.
func trim(files []*ast.File, seed func(*ast.File, *ast.FuncDecl) bool) {
	type decl struct {
		fn   *ast.FuncDecl
		kept bool
	}
	byName := make(map[string][]*decl) // functions and methods by name
	var all []*decl
	var work []*ast.FuncDecl
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			x := &decl{fn: fd}
			all = append(all, x)
			byName[fd.Name.Name] = append(byName[fd.Name.Name], x)
			if seed(f, fd) {
				x.kept = true
				work = append(work, fd)
			}
		}
	}

	// Keep, transitively, every function a kept body refers to by name.
	referenced := make(map[string]bool)
	for len(work) > 0 {
		fd := work[len(work)-1]
		work = work[:len(work)-1]
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			var name string
			switch n := n.(type) {
			case *ast.Ident:
				name = n.Name
			case *ast.SelectorExpr:
				name = n.Sel.Name
			default:
				return true
			}
			if referenced[name] {
				return true
			}
			referenced[name] = true
			for _, x := range byName[name] {
				if !x.kept {
					x.kept = true
					work = append(work, x.fn)
				}
			}
			return true
		})
	}

	for _, x := range all {
		if !x.kept {
			x.fn.Body = nil
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if vs.Type != nil || len(vs.Names) != 1 || len(vs.Values) != 1 {
					continue
				}
				lit, ok := vs.Values[0].(*ast.CompositeLit)
				if !ok || lit.Type == nil || hasEllipsisLength(lit.Type) {
					continue
				}
				vs.Type = lit.Type
				vs.Values = nil
			}
		}
	}
}

// requestFunctions is the seed of trim for a released dependency: the
// functions whose receiver or signature names a member of net/http or a
// framework.
func requestFunctions() func(*ast.File, *ast.FuncDecl) bool {
	names := make(map[*ast.File]map[string]bool)
	return func(f *ast.File, fd *ast.FuncDecl) bool {
		fw, ok := names[f]
		if !ok {
			fw = frameworkNames(f)
			names[f] = fw
		}
		return fd.Recv != nil && mentionsPackage(fd.Recv, fw) || mentionsPackage(fd.Type, fw)
	}
}

// namedFunctions is the seed of trim for a standard package of
// stdNoReturn: its functions and methods of the given names.
func namedFunctions(names []string) func(*ast.File, *ast.FuncDecl) bool {
	return func(_ *ast.File, fd *ast.FuncDecl) bool { return slices.Contains(names, fd.Name.Name) }
}

// frameworkNames returns the names under which file imports net/http or
// a supported framework.
func frameworkNames(f *ast.File) map[string]bool {
	names := make(map[string]bool)
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || !analyzers.IsFrameworkPath(path) {
			continue
		}
		// The packages' own names: http, gin, echo (for echo/v4 too).
		name := path[strings.LastIndex(path, "/")+1:]
		if strings.Contains(path, "labstack/echo") {
			name = "echo"
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" {
			names[name] = true
		}
	}
	return names
}

// mentionsPackage reports whether n refers to a member of one of the
// named packages (pkg.Name), or, for a dot import, may.
func mentionsPackage(n ast.Node, names map[string]bool) bool {
	if n == nil || len(names) == 0 {
		return false
	}
	if names["."] {
		return true
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && names[id.Name] {
				found = true
			}
		}
		return !found
	})
	return found
}

func hasEllipsisLength(t ast.Expr) bool {
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		if at, ok := n.(*ast.ArrayType); ok {
			if _, ok := at.Len.(*ast.Ellipsis); ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// skim blanks, in the source of a released dependency, the contents of
// the package-level variable initializers that trim would drop anyway:
// `var t = [4096]uint16{ ...megabytes... }` parses as
// `var t = [4096]uint16{ }`. Scanning tokens costs a fraction of parsing
// them into syntax, and the blanks (newlines kept) leave every position
// of the file where it was. An initializer is blanked only when it is a
// single composite literal of an explicit type (no `[...]`), followed by
// the end of its spec; anything else is left to the parser.
func skim(src []byte) []byte {
	sk := &skimmer{src: src}
	sk.file = token.NewFileSet().AddFile("", -1, len(src))
	sk.s.Init(sk.file, src, nil, 0) // the parser reports errors
	sk.next()
	depth := 0 // of (), [], {}
	for sk.tok != token.EOF {
		switch sk.tok {
		case token.VAR:
			if depth != 0 {
				break // a local variable
			}
			sk.next()
			if sk.tok != token.LPAREN {
				sk.spec()
				continue
			}
			sk.next()
			for sk.tok != token.RPAREN && sk.tok != token.EOF {
				sk.spec()
			}
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		sk.next()
	}
	if sk.out == nil {
		return src
	}
	return sk.out
}

type skimmer struct {
	src  []byte
	out  []byte // a copy, made on the first blanking
	file *token.File
	s    scanner.Scanner
	off  int // of the current token
	tok  token.Token
}

func (sk *skimmer) next() {
	pos, tok, _ := sk.s.Scan()
	sk.off, sk.tok = sk.file.Offset(pos), tok
}

// spec reads one variable spec, blanking its initializer if it can, and
// stops on the token after it (or on the closing parenthesis of a group).
func (sk *skimmer) spec() {
	if sk.tok == token.IDENT {
		sk.next()
		if sk.tok == token.ASSIGN {
			sk.next()
			if sk.compositeType() && sk.tok == token.LBRACE {
				open := sk.off
				if sk.skipBlock() {
					close := sk.off
					sk.next()
					if sk.tok == token.SEMICOLON || sk.tok == token.RPAREN {
						sk.blank(open+1, close)
					}
				}
			}
		}
	}
	// The rest of the spec. Brackets opened by compositeType may close
	// here, so only a parenthesis closes the group.
	level := 0
	for sk.tok != token.EOF {
		switch sk.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			level++
		case token.RPAREN:
			if level == 0 {
				return // the group's end
			}
			level--
		case token.RBRACK, token.RBRACE:
			level = max(level-1, 0)
		case token.SEMICOLON:
			if level == 0 {
				sk.next()
				return
			}
		}
		sk.next()
	}
}

// compositeType reads the tokens of a type that may precede a composite
// literal's brace (names, qualified names, array, slice and map types
// with constant lengths) and reports whether there was one.
func (sk *skimmer) compositeType() bool {
	seen := false
	brackets := 0
	for ; ; sk.next() {
		switch sk.tok {
		case token.LBRACK:
			brackets++
		case token.RBRACK:
			brackets--
		case token.IDENT, token.PERIOD, token.INT, token.MAP,
			token.SHL, token.ADD, token.SUB, token.MUL, token.QUO:
			seen = true
		default:
			return seen && brackets == 0
		}
	}
}

// skipBlock moves from an opening brace to its closing brace.
func (sk *skimmer) skipBlock() bool {
	level := 0
	for ; sk.tok != token.EOF; sk.next() {
		switch sk.tok {
		case token.LBRACE:
			level++
		case token.RBRACE:
			level--
			if level == 0 {
				return true
			}
		}
	}
	return false
}

func (sk *skimmer) blank(from, to int) {
	if sk.out == nil {
		sk.out = append([]byte(nil), sk.src...)
	}
	for i := from; i < to; i++ {
		if sk.out[i] != '\n' {
			sk.out[i] = ' '
		}
	}
}
