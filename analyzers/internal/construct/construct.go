// Package construct follows a struct value from the place where it is
// built to what the code around it does with it. It serves the passes
// that check configuration values (an http.Server, http.Client or
// http.Transport built with missing fields):
//
//   - Of(info, cur, match) recognises a construction of a type that match
//     accepts: a composite literal T{...} or &T{...}, a call new(T), or
//     a zero local `var v T`;
//   - Follow(info, cur) says where a constructed value goes: into a
//     variable, straight into a method call, into another literal, into
//     a call's arguments, out through a return, or into a field, index or
//     global;
//   - Uses(info, v, fn) lists, in source order, what the function that
//     declares the local variable v (DeclaringFunc) does with it: fields assigned, methods
//     called or taken as values, reassignments, and escapes (any use that
//     hands the value to code that may change it or keep it);
//   - Assigned(info, v, fn) lists the values a local variable is given,
//     for passes that ask where a value came from (which context a
//     request was built with).
//
// The model is flow-insensitive on purpose: a field assigned anywhere in
// the function counts as set, which keeps the passes silent on code
// that configures a value in several steps.
package construct

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// A Site is one construction of a struct value.
type Site struct {
	Cursor inspector.Cursor // at Node
	// Node is the construction: *ast.CompositeLit, the *ast.CallExpr
	// new(T), or the *ast.ValueSpec of a zero var.
	Node ast.Node
	Lit  *ast.CompositeLit // the literal, when Node is one
	Type *types.Named      // T
	// Var is the variable a zero `var v T` declares; Follow finds the
	// holder of the other forms.
	Var *types.Var
}

// Of returns the construction of a value of type named by match at cur,
// if there is one there. A ValueSpec is a construction only inside a
// function: a package-level variable is a global.
func Of(info *types.Info, cur inspector.Cursor, match func(*types.Named) bool) (Site, bool) {
	switch n := cur.Node().(type) {
	case *ast.CompositeLit:
		if t := named(info.TypeOf(n)); t != nil && match(t) {
			return Site{Cursor: cur, Node: n, Lit: n, Type: t}, true
		}
	case *ast.CallExpr:
		if len(n.Args) != 1 || !isBuiltin(info, n.Fun, "new") {
			return Site{}, false
		}
		if t := named(info.TypeOf(n.Args[0])); t != nil && match(t) {
			return Site{Cursor: cur, Node: n, Type: t}, true
		}
	case *ast.ValueSpec:
		if n.Type == nil || len(n.Values) != 0 || len(n.Names) != 1 || !inFunction(cur) {
			return Site{}, false
		}
		v, _ := info.Defs[n.Names[0]].(*types.Var)
		if v == nil {
			return Site{}, false
		}
		if t := named(v.Type()); t != nil && match(t) {
			return Site{Cursor: cur, Node: n, Type: t, Var: v}, true
		}
	}
	return Site{}, false
}

// named returns t as a named type, or nil. Aliases are resolved.
func named(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

func inFunction(cur inspector.Cursor) bool {
	for range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return true
	}
	return false
}

// Where says where a constructed value goes.
type Where uint8

const (
	Other    Where = iota // a shape the model does not follow
	Var                   // assigned to, or declared as, a local variable
	Receiver              // the receiver of a method call or method value: (&T{}).M()
	Nested                // a field or element of another composite literal
	Argument              // an argument of a call
	Returned              // a result of a return statement
	Stored                // assigned to a field, an index, a dereference or a global
	Dropped               // assigned to the blank identifier
)

// A Holder says where a constructed value goes.
type Holder struct {
	Where Where
	Var   *types.Var        // for Var: the local variable
	Sel   *ast.SelectorExpr // for Receiver: the method selector
	Call  *ast.CallExpr     // for Receiver: the call, if the method is called; for Argument: the call
	Outer inspector.Cursor  // for Nested: the enclosing composite literal
	Key   string            // for Nested: the field name, if keyed
}

// Follow returns where the constructed value at cur (a literal or a
// new(T) call; a zero var is its own holder) goes, looking through
// parentheses and the address operator.
func Follow(info *types.Info, cur inspector.Cursor) Holder {
	if spec, ok := cur.Node().(*ast.ValueSpec); ok {
		if v, _ := info.Defs[spec.Names[0]].(*types.Var); v != nil {
			return Holder{Where: Var, Var: v}
		}
		return Holder{}
	}
	expr := outermost(cur)
	parent := expr.Parent()
	kind, index := expr.ParentEdge()
	switch n := parent.Node().(type) {
	case *ast.AssignStmt:
		if kind != edge.AssignStmt_Rhs || len(n.Lhs) != len(n.Rhs) {
			return Holder{}
		}
		return assignee(info, n.Lhs[index])
	case *ast.ValueSpec:
		if kind != edge.ValueSpec_Values || len(n.Names) != len(n.Values) {
			return Holder{}
		}
		return assignee(info, n.Names[index])
	case *ast.SelectorExpr:
		h := Holder{Where: Receiver, Sel: n}
		if sel := info.Selections[n]; sel == nil || sel.Kind() == types.FieldVal {
			return Holder{} // a field read: the value itself is dropped
		}
		if call, ok := parent.Parent().Node().(*ast.CallExpr); ok && ast.Unparen(call.Fun) == n {
			h.Call = call
		}
		return h
	case *ast.KeyValueExpr:
		if kind != edge.KeyValueExpr_Value {
			return Holder{}
		}
		outer := parent.Parent()
		if _, ok := outer.Node().(*ast.CompositeLit); !ok {
			return Holder{}
		}
		h := Holder{Where: Nested, Outer: outer}
		if id, ok := n.Key.(*ast.Ident); ok {
			h.Key = id.Name
		}
		return h
	case *ast.CompositeLit:
		return Holder{Where: Nested, Outer: parent}
	case *ast.CallExpr:
		if kind == edge.CallExpr_Args {
			return Holder{Where: Argument, Call: n}
		}
	case *ast.ReturnStmt:
		return Holder{Where: Returned}
	}
	return Holder{}
}

// outermost returns the outermost of the parentheses and address
// operators around the expression at cur.
func outermost(cur inspector.Cursor) inspector.Cursor {
	for {
		switch n := cur.Parent().Node().(type) {
		case *ast.ParenExpr:
			cur = cur.Parent()
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				return cur
			}
			cur = cur.Parent()
		default:
			return cur
		}
	}
}

// assignee classifies the target of an assignment or declaration.
func assignee(info *types.Info, lhs ast.Expr) Holder {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return Holder{Where: Stored}
	}
	if id.Name == "_" {
		return Holder{Where: Dropped}
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil {
		return Holder{}
	}
	if !IsLocal(v) {
		return Holder{Where: Stored}
	}
	return Holder{Where: Var, Var: v}
}

// IsLocal reports whether v is a variable declared inside a function
// (a parameter, result or local), as opposed to a package-level
// variable or a struct field.
func IsLocal(v *types.Var) bool {
	if v == nil || v.IsField() || v.Pkg() == nil || v.Parent() == nil {
		return false
	}
	return v.Parent() != v.Pkg().Scope()
}

// UseKind classifies one use of a followed variable.
type UseKind uint8

const (
	// Escape: the value is handed to code that may change or keep it:
	// passed to a call, returned, stored, sent, copied, its address
	// taken.
	Escape      UseKind = iota + 1
	FieldSet            // v.F = x (also v.F op= x, &v.F)
	FieldRead           // any other v.F
	MethodCall          // v.M(...)
	MethodValue         // v.M not called (g.Go(v.M))
	Reassign            // v = x
)

// A Use is one use of a followed variable.
type Use struct {
	Kind  UseKind
	Pos   token.Pos
	Name  string           // the field or method
	Value ast.Expr         // FieldSet, Reassign: the value assigned, when known
	Call  *ast.CallExpr    // MethodCall: the call
	Ident inspector.Cursor // the variable's identifier
}

// Uses returns, in source order, the uses of the local variable v
// inside fn, the cursor of a function (or file) whose body contains
// every use of v. The declaring identifier is not a use.
func Uses(info *types.Info, v *types.Var, fn inspector.Cursor) []Use {
	var out []Use
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if info.Uses[id] != v {
			continue
		}
		out = append(out, classify(info, cur))
	}
	return out
}

// DeclaringFunc returns the cursor of the innermost function whose body
// declares the local variable v, found from any cursor inside the
// package's files.
func DeclaringFunc(v *types.Var, in inspector.Cursor) (inspector.Cursor, bool) {
	root := in.Inspector().Root()
	at, ok := root.FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return inspector.Cursor{}, false
	}
	for fn := range at.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fn, true
	}
	return inspector.Cursor{}, false
}

// classify says what the use of a variable at the identifier cur does.
func classify(info *types.Info, cur inspector.Cursor) Use {
	use := Use{Kind: Escape, Pos: cur.Node().Pos(), Ident: cur}
	expr := cur
	for {
		if _, ok := expr.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		expr = expr.Parent()
	}
	parent := expr.Parent()
	kind, index := expr.ParentEdge()
	switch n := parent.Node().(type) {
	case *ast.SelectorExpr:
		if kind != edge.SelectorExpr_X {
			return use
		}
		sel := info.Selections[n]
		if sel == nil {
			return use
		}
		use.Name = n.Sel.Name
		if sel.Kind() == types.MethodVal {
			use.Kind = MethodValue
			call, ok := parent.Parent().Node().(*ast.CallExpr)
			if ok && ast.Unparen(call.Fun) == n {
				use.Kind, use.Call = MethodCall, call
			}
			return use
		}
		use.Kind = FieldRead
		selKind, selIndex := parent.ParentEdge()
		switch p := parent.Parent().Node().(type) {
		case *ast.AssignStmt:
			if selKind == edge.AssignStmt_Lhs {
				use.Kind = FieldSet
				if p.Tok == token.ASSIGN && len(p.Lhs) == len(p.Rhs) {
					use.Value = p.Rhs[selIndex]
				}
			}
		case *ast.IncDecStmt:
			use.Kind = FieldSet
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				use.Kind = FieldSet // &v.F: may be set through the pointer
			}
		}
		return use
	case *ast.AssignStmt:
		if kind == edge.AssignStmt_Lhs {
			use.Kind = Reassign
			if len(n.Lhs) == len(n.Rhs) {
				use.Value = n.Rhs[index]
			}
		}
	}
	return use
}

// Assigned returns the values given to the local variable v inside fn
// (its declaring function, see DeclaringFunc): its initializer and every
// later assignment, in source order. For `a, b := f()` the call f()
// stands for the value of a (the first result); a var declared with no
// value contributes nothing. ok is false when v is a parameter or is
// given a value the model does not follow (a later result of a call, a
// range variable, an op-assignment).
func Assigned(info *types.Info, v *types.Var, fn inspector.Cursor) (values []ast.Expr, ok bool) {
	root := fn.Inspector().Root()
	def, found := root.FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !found {
		return nil, false
	}
	value, ok := valueAt(def)
	if !ok {
		return nil, false
	}
	if value != nil {
		values = append(values, value)
	}
	later, ok := Reassigned(info, v, fn)
	if !ok {
		return nil, false
	}
	return append(values, later...), true
}

// Reassigned returns the values assigned to v in fn after its
// declaration; for a parameter, whose first value comes from the caller,
// these are all the values the function itself gives it.
func Reassigned(info *types.Info, v *types.Var, fn inspector.Cursor) (values []ast.Expr, ok bool) {
	for _, u := range Uses(info, v, fn) {
		if u.Kind != Reassign {
			continue
		}
		value, ok := valueAt(u.Ident)
		if !ok {
			return nil, false
		}
		values = append(values, value)
	}
	return values, true
}

// valueAt returns the value assigned to the identifier at cur by the
// assignment or declaration it is a target of, nil for a declaration
// with no value.
func valueAt(cur inspector.Cursor) (ast.Expr, bool) {
	kind, i := cur.ParentEdge()
	pick := func(n int, values []ast.Expr) (ast.Expr, bool) {
		switch {
		case len(values) == n:
			return values[i], true
		case len(values) == 1 && i == 0:
			return values[0], true
		}
		return nil, false
	}
	switch n := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if kind != edge.AssignStmt_Lhs || (n.Tok != token.ASSIGN && n.Tok != token.DEFINE) {
			return nil, false
		}
		return pick(len(n.Lhs), n.Rhs)
	case *ast.ValueSpec:
		if kind != edge.ValueSpec_Names {
			return nil, false
		}
		if len(n.Values) == 0 {
			return nil, true
		}
		return pick(len(n.Names), n.Values)
	}
	return nil, false
}

// Rebuilds reports whether e, assigned to a followed variable, is nil or
// a new construction (T{...}, &T{...}, new(T)): the variable then holds
// no value from elsewhere.
func Rebuilds(info *types.Info, e ast.Expr) bool {
	if e == nil {
		return false
	}
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		_, isNil := info.Uses[id].(*types.Nil)
		return isNil
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		return len(e.Args) == 1 && isBuiltin(info, e.Fun, "new")
	}
	return false
}

// FieldValues returns the values written to the field name of a value
// built by the literal lit (nil for new(T) and zero vars) and followed
// through its uses: the keyed element, then every later assignment. A
// nil entry is a value the model cannot see (v.F += d, &v.F).
func FieldValues(lit *ast.CompositeLit, uses []Use, name string) []ast.Expr {
	var out []ast.Expr
	if lit != nil {
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
					out = append(out, kv.Value)
				}
			}
		}
	}
	for _, u := range uses {
		if u.Kind == FieldSet && u.Name == name {
			out = append(out, u.Value)
		}
	}
	return out
}
