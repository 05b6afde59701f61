package bodylimit

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/respwriter"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// readKind says what a read does with the body, for the message.
type readKind uint8

const (
	readAll       readKind = iota + 1 // to the end, into memory (ReadAll, Decode, Bind)
	readToFile                        // io.Copy into an *os.File
	readMultipart                     // a multipart parse (ParseMultipartForm, FormFile)
)

// defaultMaxMemory is what net/http (FormFile, FormValue), gin and echo
// pass as maxMemory when they parse a multipart form themselves.
const defaultMaxMemory = 32 << 20

// A read is one place where the request body is read to the end.
type read struct {
	call *ast.CallExpr
	kind readKind
	// How the call reads in a message ("io.ReadAll", "r.FormFile"), built
	// only when reporting: label if set, else fn's qualified name if set,
	// else the call's function expression.
	label string
	fn    *types.Func
	// maxMemory is a multipart parse's in-memory budget, -1 if unknown.
	maxMemory int64
	// memoryText is the source of a constant maxMemory argument.
	memoryText string
}

// name is how the call reads in a message.
func (rd read) name() string {
	switch {
	case rd.label != "":
		return rd.label
	case rd.fn != nil:
		return respwriter.QualifiedName(rd.fn)
	}
	return exprString(rd.call.Fun)
}

// ginReads and echoReads are the framework context methods that read the
// whole body (binding decodes JSON, XML, YAML, ... from it); the
// multipart ones parse a multipart form with maxMemory 32 MiB.
var (
	ginReads = map[string]bool{
		"Bind": true, "BindJSON": true, "BindXML": true, "BindYAML": true, "BindTOML": true,
		"BindWith": true, "MustBindWith": true,
		"ShouldBind": true, "ShouldBindJSON": true, "ShouldBindXML": true,
		"ShouldBindYAML": true, "ShouldBindTOML": true, "ShouldBindWith": true,
		"ShouldBindBodyWith": true, "ShouldBindBodyWithJSON": true, "ShouldBindBodyWithXML": true,
		"ShouldBindBodyWithYAML": true, "ShouldBindBodyWithTOML": true,
		"GetRawData": true,
	}
	ginBindsWith = map[string]bool{"BindWith": true, "MustBindWith": true, "ShouldBindWith": true}
	// ginBodyBindings are the gin binding package's values that decode the
	// body.
	ginBodyBindings = map[string]bool{
		"JSON": true, "XML": true, "YAML": true, "TOML": true,
		"ProtoBuf": true, "MsgPack": true, "BSON": true, "Plain": true,
	}
	ginMultipart  = map[string]bool{"FormFile": true, "MultipartForm": true}
	echoReads     = map[string]bool{"Bind": true}
	echoMultipart = map[string]bool{"FormFile": true, "MultipartForm": true}
)

// classifyRead reports whether call reads the request body (or a reader
// derived from it) to the end. Multipart parses count as the flags say.
func (w *funcWalker) classifyRead(call *ast.CallExpr) (read, bool) {
	rd, ok := w.classify(call)
	if ok && rd.kind == readMultipart {
		ok = rd.maxMemory > int64(w.c.cfg.multipartMax) || w.c.cfg.multipartSpill
	}
	return rd, ok
}

func (w *funcWalker) classify(call *ast.CallExpr) (read, bool) {
	info := w.c.pass.TypesInfo
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel != nil && w.sc != nil {
		if rd, ok := w.frameworkRead(call, sel); ok {
			return rd, true
		}
	}
	// A helper of this package or another that reads the body it is
	// handed (its summary or Body fact).
	if w.sc != nil {
		if sum, ok := w.helperCall(call); ok && sum.Reads != facts.Never {
			if w.probe {
				return read{call: call}, true
			}
			return read{call: call, kind: w.c.helperReadKind(call)}, true
		}
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return read{}, false
	}
	arg := func(i int) ast.Expr {
		if i < len(call.Args) {
			return call.Args[i]
		}
		return nil
	}
	all := func(fn *types.Func) (read, bool) { return read{call: call, kind: readAll, fn: fn}, true }
	pkg := fn.Pkg().Path()
	switch {
	case (scope.IsPkgFunc(fn, "io", "ReadAll") || scope.IsPkgFunc(fn, "io/ioutil", "ReadAll")) && w.src.isBodySource(arg(0)):
		return all(fn)
	case fn.Name() == "NewDecoder" && w.src.isBodySource(arg(0)):
		// json, xml, gob, and any third-party decoder constructor: the
		// decoder reads a whole value, however large, from the body.
		return all(fn)
	case (scope.IsPkgFunc(fn, "bufio", "NewScanner") || scope.IsPkgFunc(fn, "encoding/csv", "NewReader")) && w.src.isBodySource(arg(0)):
		// A scanner bounds one token, not the body: the handler keeps
		// reading (and usually keeping) lines until the client stops.
		return all(fn)
	case (scope.IsPkgFunc(fn, "io", "Copy") || scope.IsPkgFunc(fn, "io", "CopyBuffer")) && w.src.isBodySource(arg(1)):
		return w.copyRead(call, fn)
	case scope.IsMethod(fn, "bufio", "Reader", "ReadString") || scope.IsMethod(fn, "bufio", "Reader", "ReadBytes"):
		// One "line" of a body with no delimiter is the whole body.
		if sel != nil && w.src.isBodySource(sel.X) {
			return all(fn)
		}
	case scope.IsMethod(fn, "mime/multipart", "Reader", "ReadForm"):
		if sel != nil && w.src.isBodySource(sel.X) {
			return w.multipartRead(call, "ReadForm", arg(0))
		}
	case scope.IsPkgFunc(fn, "net/http/httputil", "DumpRequest"):
		// DumpRequest(r, true) buffers the whole body to print it.
		if w.sc != nil && w.sc.IsRequest(arg(0)) && isTrue(info, arg(1)) {
			return read{call: call, kind: readAll, label: "httputil.DumpRequest"}, true
		}
	case pkg == scope.NetHTTPPath && sel != nil && w.sc != nil && w.sc.IsRequest(sel.X):
		switch fn.Name() {
		case "ParseMultipartForm":
			return w.multipartRead(call, "", arg(0)) // named r.ParseMultipartForm
		case "FormFile":
			return read{call: call, kind: readMultipart, maxMemory: defaultMaxMemory}, true // r.FormFile
		}
	}
	for _, p := range w.c.readerParams[fn.Origin()] {
		if w.src.isBodySource(arg(p.index)) {
			return read{call: call, kind: p.kind}, true
		}
	}
	return read{}, false
}

// helperReadKind returns how a helper of this package that reads the
// body reads it (into memory, into a file), for the message at its call;
// into memory for helpers of other packages.
func (c *checker) helperReadKind(call *ast.CallExpr) readKind {
	fn := staticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		fn = c.funcVarCallee(call)
	}
	decl := c.declOf[fn]
	sc := c.scopes.Of(decl)
	if decl == nil || sc == nil {
		return readAll
	}
	if kind, ok := c.readKinds[decl]; ok {
		return kind
	}
	c.readKinds[decl] = readAll // guards recursion
	kind := readAll
	found := false
	c.analyzeFunc(sc, decl, false, func(rd read) {
		if !found && rd.kind != readMultipart {
			kind, found = rd.kind, true
		}
	})
	c.readKinds[decl] = kind
	return kind
}

// frameworkRead classifies gin's and echo's binding and multipart methods
// called on the scope's framework context.
func (w *funcWalker) frameworkRead(call *ast.CallExpr, sel *ast.SelectorExpr) (read, bool) {
	if !w.sc.IsFrameworkContext(sel.X) {
		return read{}, false
	}
	name := sel.Sel.Name
	t := w.c.pass.TypesInfo.TypeOf(sel.X)
	var reads, multipart bool
	switch {
	case scope.IsGinContext(t):
		reads, multipart = ginReads[name], ginMultipart[name]
	case scope.IsEchoContext(t):
		reads, multipart = echoReads[name], echoMultipart[name]
	}
	// c.ShouldBindWith(&v, binding.Query) reads no body: only the body
	// bindings do.
	if reads && ginBindsWith[name] && !bindsBody(call) {
		return read{}, false
	}
	switch {
	case reads:
		return read{call: call, kind: readAll}, true // named c.Bind
	case multipart:
		return read{call: call, kind: readMultipart, maxMemory: defaultMaxMemory}, true
	}
	return read{}, false
}

// bindsBody reports whether c.XBindWith(obj, b) uses a binding that
// decodes the body (binding.JSON, binding.XML, ...).
func bindsBody(call *ast.CallExpr) bool {
	if len(call.Args) < 2 {
		return false
	}
	sel, ok := ast.Unparen(call.Args[1]).(*ast.SelectorExpr)
	return ok && ginBodyBindings[sel.Sel.Name]
}

// copyRead classifies io.Copy(dst, body). Copies that do not keep the
// bytes are left alone: draining into io.Discard, streaming back to the
// client through the ResponseWriter, hashing, or relaying to a network
// connection or pipe hold one buffer at a time.
func (w *funcWalker) copyRead(call *ast.CallExpr, fn *types.Func) (read, bool) {
	info := w.c.pass.TypesInfo
	dst := call.Args[0]
	if isDiscard(info, dst) || (w.sc != nil && w.sc.IsWriter(dst)) {
		return read{}, false
	}
	t := info.TypeOf(dst)
	if t == nil || hasMethod(t, "Sum") || implementsNamed(t, "net", "Conn") || scope.IsNamed(t, "io", "PipeWriter", true) {
		return read{}, false
	}
	kind := readAll
	if isStdStream(info, dst) {
		return read{}, false // os.Stdout: a stream, not storage
	}
	if isFileLike(t) {
		kind = readToFile
	}
	return read{call: call, kind: kind, fn: fn}, true
}

// multipartRead classifies a multipart parse with the given maxMemory
// argument. Its maxMemory is not a bound on the body: it is how much of
// the file parts stays in memory, the rest goes to temp files.
func (w *funcWalker) multipartRead(call *ast.CallExpr, label string, maxMemory ast.Expr) (read, bool) {
	rd := read{call: call, kind: readMultipart, label: label, maxMemory: -1}
	if maxMemory != nil {
		if tv, ok := w.c.pass.TypesInfo.Types[maxMemory]; ok && tv.Value != nil {
			if n, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
				rd.maxMemory, rd.memoryText = n, types.ExprString(maxMemory)
			}
		}
	}
	return rd, true
}

// sources knows, inside one scope (or one reader helper), which
// expressions denote the request body or an unbounded reader over it.
type sources struct {
	c  *checker
	sc *scope.Scope // nil inside a reader helper
	// vars are local variables that hold the body: assigned from a body
	// source at least once and never from anything else. In a scope they
	// are found on the first question (known is set then): most scopes
	// never ask.
	vars  map[*types.Var]bool
	known bool
}

// sourcesOf returns (and caches) the body sources of scope sc.
func (c *checker) sourcesOf(sc *scope.Scope) *sources {
	if c.sourceCache == nil {
		c.sourceCache = make(map[*scope.Scope]*sources)
	}
	if s := c.sourceCache[sc]; s != nil {
		return s
	}
	s := &sources{c: c, sc: sc}
	c.sourceCache[sc] = s
	return s
}

// bodyVars finds the local variables of body that hold the body or an
// unbounded reader over it; seed variables (a reader helper's parameter)
// count as the body. Wrappers chain (br := bufio.NewReader(body)), so it
// iterates a few times.
func (s *sources) bodyVars(body *ast.BlockStmt, seed []*types.Var) map[*types.Var]bool {
	s.known = true
	vars := make(map[*types.Var]bool)
	for _, v := range seed {
		vars[v] = true
	}
	s.vars = vars
	// The assignments of body, in the order of a walk of it (a nil
	// value: not one the body can flow through), found once for the
	// rounds.
	type assignment struct{ lhs, rhs ast.Expr }
	var assigns []assignment
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch {
				case len(n.Lhs) == len(n.Rhs):
					assigns = append(assigns, assignment{lhs, n.Rhs[i]})
				case i == 0 && len(n.Rhs) == 1: // gz, err := gzip.NewReader(r.Body)
					assigns = append(assigns, assignment{lhs, n.Rhs[0]})
				default:
					assigns = append(assigns, assignment{lhs, nil})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					assigns = append(assigns, assignment{name, n.Values[i]})
				case i == 0 && len(n.Values) == 1:
					assigns = append(assigns, assignment{name, n.Values[0]})
				case len(n.Values) > 0:
					assigns = append(assigns, assignment{name, nil})
				}
			}
		}
		return true
	})
	for range 4 {
		fromBody := make(map[*types.Var]bool)
		fromOther := make(map[*types.Var]bool)
		for _, a := range assigns {
			v := varOf(s.c.pass.TypesInfo, a.lhs)
			if v == nil {
				continue
			}
			if a.rhs != nil && s.isBodySource(a.rhs) {
				fromBody[v] = true
			} else {
				fromOther[v] = true
			}
		}
		next := make(map[*types.Var]bool)
		for _, v := range seed {
			next[v] = true
		}
		for v := range fromBody {
			if !fromOther[v] {
				next[v] = true
			}
		}
		same := len(next) == len(s.vars)
		for v := range next {
			same = same && s.vars[v]
		}
		s.vars = next
		if same {
			break
		}
	}
	return s.vars
}

// readerWrappers are the std packages whose functions wrap a reader
// without bounding it (bufio.NewReader, gzip.NewReader, io.TeeReader,
// io.NopCloser, multipart.NewReader): reading the wrapper to the end
// reads the body to the end.
var readerWrappers = map[string]bool{
	"io": true, "io/ioutil": true, "bufio": true, "mime/multipart": true,
	"compress/gzip": true, "compress/zlib": true, "compress/flate": true,
	"compress/bzip2": true, "compress/lzw": true,
	"encoding/base64": true, "encoding/hex": true, "encoding/ascii85": true,
}

// isBodySource reports whether e is the request body or an unbounded
// reader over it.
func (s *sources) isBodySource(e ast.Expr) bool {
	if e == nil {
		return false
	}
	e = ast.Unparen(e)
	if s.sc != nil && s.sc.IsRequestBody(e) {
		return true
	}
	switch e := e.(type) {
	case *ast.Ident:
		if !s.known && s.sc != nil {
			s.bodyVars(s.sc.Body, nil)
		}
		v := varOf(s.c.pass.TypesInfo, e)
		return v != nil && s.vars[v]
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return s.isBodySource(e.X)
		}
	case *ast.CompositeLit:
		// &countingReader{r: body}: a reader of the package's own that
		// wraps the body. A type that bounds (a LimitedReader of its
		// own) is not recognised as such: such types are rare.
		if t := s.c.pass.TypesInfo.TypeOf(e); t != nil && hasMethod(t, "Read") && !scope.IsNamed(t, "io", "LimitedReader", false) {
			for _, elt := range e.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				if s.isBodySource(elt) {
					return true
				}
			}
		}
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(s.c.pass.TypesInfo, e).(*types.Func)
		if fn == nil || fn.Pkg() == nil || isBoundingReader(fn) {
			return false
		}
		sel, _ := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		// r.MultipartReader() streams the body part by part.
		if scope.IsMethod(fn, scope.NetHTTPPath, "Request", "MultipartReader") {
			return sel != nil && s.sc != nil && s.sc.IsRequest(sel.X)
		}
		if !readerWrappers[fn.Pkg().Path()] || !s.readerLike(e) {
			return false
		}
		// mr.NextPart(), br.(*bufio.Reader) methods returning readers.
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			return sel != nil && s.isBodySource(sel.X)
		}
		for _, arg := range e.Args {
			if s.isBodySource(arg) {
				return true
			}
		}
	}
	return false
}

// readerLike reports whether call's (first) result can be read from.
func (s *sources) readerLike(call *ast.CallExpr) bool {
	t := s.c.pass.TypesInfo.TypeOf(call)
	if tuple, ok := t.(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		t = tuple.At(0).Type()
	}
	if t == nil {
		return false
	}
	return hasMethod(t, "Read") || scope.IsNamed(t, "mime/multipart", "Reader", true)
}

// isBoundingReader reports whether fn returns a reader that stops after a
// limit: io.LimitReader, http.MaxBytesReader.
func isBoundingReader(fn *types.Func) bool {
	return scope.IsPkgFunc(fn, "io", "LimitReader") || scope.IsPkgFunc(fn, scope.NetHTTPPath, "MaxBytesReader")
}

// A readerParam is an io.Reader parameter that a function reads to the
// end, and how (into memory, into a file).
type readerParam struct {
	index int
	kind  readKind
}

// summarizeReaderHelpers finds the package's functions that read an
// io.Reader parameter to the end (decodeJSON(body io.Reader, v any)), so
// that decodeJSON(r.Body, &v) counts as a read. Helpers chain, so it
// iterates a few times.
func (c *checker) summarizeReaderHelpers() {
	c.readerParams = make(map[*types.Func][]readerParam)
	// The functions with a reader parameter, and those parameters' indexes:
	// the others read none. Parameter types repeat (every handler has an
	// http.ResponseWriter): each is looked at once.
	readerType := make(map[types.Type]bool)
	candidates := make(map[*types.Func][]int)
	for fn := range c.declOf {
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			continue
		}
		for i := range sig.Params().Len() {
			t := sig.Params().At(i).Type()
			is, ok := readerType[t]
			if !ok {
				is = types.IsInterface(t) && hasMethod(t, "Read")
				readerType[t] = is
			}
			if is {
				candidates[fn] = append(candidates[fn], i)
			}
		}
	}
	for range 4 {
		changed := false
		for fn, indexes := range candidates {
			decl := c.declOf[fn]
			sig := fn.Type().(*types.Signature)
			var params []readerParam
			for _, i := range indexes {
				p := sig.Params().At(i)
				src := &sources{c: c}
				src.bodyVars(decl.Body, []*types.Var{p})
				w := &funcWalker{c: c, src: src}
				var first *read
				ast.Inspect(decl.Body, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok && first == nil {
						if rd, ok := w.classifyRead(call); ok {
							first = &rd
						}
					}
					return first == nil
				})
				if first != nil {
					params = append(params, readerParam{index: i, kind: first.kind})
				}
			}
			if len(params) != len(c.readerParams[fn]) {
				c.readerParams[fn] = params
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

func varOf(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	return v
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// implementsNamed reports whether t implements the interface pkg.name,
// found among the packages t's method set mentions; false if unknown.
func implementsNamed(t types.Type, pkg, name string) bool {
	if scope.IsNamed(t, pkg, name, false) {
		return true
	}
	// Without the interface object at hand, check the methods a net.Conn
	// has beyond an io.ReadWriteCloser.
	return name == "Conn" && pkg == "net" && hasMethod(t, "SetDeadline") && hasMethod(t, "RemoteAddr") && hasMethod(t, "Write")
}

func isDiscard(info *types.Info, e ast.Expr) bool {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.Ident:
		id = e
	default:
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v.Pkg() != nil && (v.Pkg().Path() == "io" || v.Pkg().Path() == "io/ioutil") && v.Name() == "Discard"
}

// isFileLike reports whether t is a file: *os.File, or a file of a
// virtual file system (afero.File, webdav.File), which has a Stat method
// and Sync or Readdir beside Write.
func isFileLike(t types.Type) bool {
	return scope.IsNamed(t, "os", "File", true) ||
		(hasMethod(t, "Write") && hasMethod(t, "Stat") && (hasMethod(t, "Sync") || hasMethod(t, "Readdir")))
}

// isStdStream reports whether e is os.Stdout or os.Stderr.
func isStdStream(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "os" && (v.Name() == "Stdout" || v.Name() == "Stderr")
}

func isTrue(info *types.Info, e ast.Expr) bool {
	if e == nil {
		return false
	}
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
}

// exprString renders a short expression for a message ("r", "c.Request",
// "s.decode"); long or unusual expressions are abbreviated.
func exprString(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return exprString(e.Fun) + "()"
	case *ast.BasicLit:
		return e.Value
	case *ast.BinaryExpr:
		return exprString(e.X) + e.Op.String() + exprString(e.Y)
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.IndexExpr: // decode[T](r): the generic function
		return exprString(e.X)
	case *ast.IndexListExpr:
		return exprString(e.X)
	}
	return "..."
}
