// Package facts declares the analysis facts that carry what a helper
// function does to a request across packages: whether it commits the
// response, replies terminally, may panic or exit, blocks, observes the
// request context, reads or bounds the body.
//
// Rules every fact type here follows:
//   - exported fields only, no maps and no pointers, so that encoding/gob
//     round-trips it and two runs encode it byte for byte the same;
//   - attached to *types.Func objects of non-standard packages only.
//     nogo computes no facts for the standard library, and `go vet`
//     would otherwise pay for them on every std dependency; what std
//     functions do (http.Error replies terminally, time.Sleep blocks) is
//     built into the passes as tables;
//   - exported only for functions that receive a request value (a
//     ResponseWriter, *http.Request, gin or echo context) or, for Exit,
//     functions that may end the goroutine or the process; a fact-free
//     function means "does nothing of interest".
//
// Each fact type is registered by exactly one analyzer (go/analysis
// requires it); the owner is named on the type. Other passes read the
// owner's result, not the fact.
package facts

import "fmt"

// Effect says whether something happens on every path or on some path
// through a function.
type Effect uint8

const (
	Never  Effect = iota // on no path
	Maybe                // on some paths
	Always               // on every path that returns normally
)

func (e Effect) String() string {
	switch e {
	case Never:
		return "never"
	case Maybe:
		return "maybe"
	case Always:
		return "always"
	}
	return fmt.Sprintf("Effect(%d)", uint8(e))
}

// Join merges the effects of two paths.
func (e Effect) Join(o Effect) Effect {
	if e == o {
		return e
	}
	return Maybe
}

// Response describes what a helper does to the response it is given
// (through the parameter at index Param: a ResponseWriter or a framework
// context). Owner: the respflow analyzer (analyzers/internal/respflow).
// Each effect is counted over the paths that return normally.
type Response struct {
	Param int // index of the parameter that carries the response

	// Commits: the helper sends the status line (WriteHeader, a first
	// Write, c.JSON, ...). After it, the status and headers are fixed.
	Commits Effect
	// Status: the helper sends a status of its own choice (WriteHeader,
	// http.Error, c.JSON, gin's c.Status), as opposed to the implicit
	// 200 of a first body write. Sent after a commit, it is the
	// "superfluous response.WriteHeader call".
	Status Effect
	// Fails: the helper sends an error status (4xx or 5xx) of its own
	// choice: http.Error, http.NotFound, w.WriteHeader(500),
	// c.AbortWithStatus(401). A status the helper takes as a parameter
	// counts as neither: the caller's argument tells.
	Fails Effect
	// Terminal: the helper sends a complete reply that must be the last
	// thing written (http.Error, http.Redirect, http.NotFound,
	// http.ServeFile, c.AbortWithStatusJSON).
	Terminal Effect
	// WritesBody: the helper writes body bytes.
	WritesBody Effect
	// SetsHeader: the helper mutates response headers (w.Header().Set),
	// which is lost if the response was already committed.
	SetsHeader Effect
}

func (*Response) AFact() {}
func (f *Response) String() string {
	return fmt.Sprintf("response(param=%d commits=%v status=%v fails=%v terminal=%v body=%v header=%v)",
		f.Param, f.Commits, f.Status, f.Fails, f.Terminal, f.WritesBody, f.SetsHeader)
}

// Exit describes a function that may end the goroutine (panic) or the
// process (os.Exit, log.Fatal) on some path: `must(err)`, `check(err)`,
// a logger's Fatal. Owner: handlerexit.
type Exit struct {
	Panics Effect // panics (or calls something that does)
	Exits  Effect // ends the process
	// Via names what it ends in, for messages: "panic", "os.Exit",
	// "log.Fatalf", or the helper it calls.
	Via string
	// PanicIf and ExitIf, when set, are conditions on a parameter without
	// which the function does not panic (exit): a leveled logger's
	// log(level, msg) panics only if level <= PanicLevel, so its Info,
	// which passes InfoLevel, does not.
	PanicIf Guard
	ExitIf  Guard
}

func (*Exit) AFact() {}
func (f *Exit) String() string {
	s := fmt.Sprintf("exit(panics=%v exits=%v via=%s", f.Panics, f.Exits, f.Via)
	if f.PanicIf.Param > 0 {
		s += " panic-if=" + f.PanicIf.String()
	}
	if f.ExitIf.Param > 0 {
		s += " exit-if=" + f.ExitIf.String()
	}
	return s + ")"
}

// A Guard is a comparison of a parameter with a constant.
type Guard struct {
	Param int    // 1 + the parameter's index, receiver not counted; 0: no guard
	Op    string // "==", "!=", "<", "<=", ">" or ">="
	Value string // the constant, as go/constant's ExactString (ints, strings, bools)
}

func (g Guard) String() string {
	if g.Param == 0 {
		return "always"
	}
	return fmt.Sprintf("param%d%s%s", g.Param-1, g.Op, g.Value)
}

// Blocking describes how a helper that receives request values waits.
// Owner: cancelcheck.
type Blocking struct {
	// Blocks: the helper may wait (sleep, channel receive, WaitGroup,
	// select) without observing the request context.
	Blocks Effect
	// ChecksContext: the helper observes the request context (ctx.Err(),
	// a select on ctx.Done(), a context-aware blocking call) so that
	// after it returns the caller knows whether the client is gone.
	ChecksContext Effect
	// Via names the wait, for messages ("time.Sleep").
	Via string
}

func (*Blocking) AFact() {}
func (f *Blocking) String() string {
	return fmt.Sprintf("blocking(blocks=%v checks=%v via=%s)", f.Blocks, f.ChecksContext, f.Via)
}

// Body describes what a function does to the request body.
// Owner: bodylimit.
type Body struct {
	Param int // index of the *http.Request (or framework context) parameter

	// Reads: the helper reads the body to the end (io.ReadAll,
	// json.NewDecoder(r.Body).Decode, ...) without bounding it first.
	Reads Effect
	// Bounds: the helper wraps the body in http.MaxBytesReader or an
	// io.LimitReader, so reads after it are bounded.
	Bounds Effect
	// Middleware: the function takes an http.Handler and returns one
	// whose requests have a bounded body (limit(next) http.Handler).
	Middleware bool
}

func (*Body) AFact() {}
func (f *Body) String() string {
	return fmt.Sprintf("body(param=%d reads=%v bounds=%v middleware=%v)", f.Param, f.Reads, f.Bounds, f.Middleware)
}

// All lists one value of each fact type, for registration and tests.
func All() []any { return []any{new(Response), new(Exit), new(Blocking), new(Body)} }
