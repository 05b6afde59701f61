package handlerexit

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// A tableEffect is what a function of the tables does.
type tableEffect uint8

const (
	noEffect tableEffect = iota
	panics               // panics (log.Panic, regexp.MustCompile on a bad pattern)
	exits                // ends the process (os.Exit, log.Fatal)
)

// stdFuncs are the package-level functions of the standard library that
// panic or exit. Facts are never computed for std, so these are listed.
var stdFuncs = map[string]map[string]tableEffect{
	"os":      {"Exit": exits},
	"syscall": {"Exit": exits},
	"log": {
		"Fatal": exits, "Fatalf": exits, "Fatalln": exits,
		"Panic": panics, "Panicf": panics, "Panicln": panics,
	},
	"regexp":        {"MustCompile": panics, "MustCompilePOSIX": panics},
	"text/template": {"Must": panics},
	"html/template": {"Must": panics},
	"net/netip":     {"MustParseAddr": panics, "MustParseAddrPort": panics, "MustParsePrefix": panics},
}

// loggerMethods are the methods, by package path and type name, of
// loggers (and a framework) that end the process or panic. *log.Logger is std; the others
// are third-party loggers whose Fatal ends in a call the static call
// graph cannot follow (a function variable, an interface method), so
// facts cannot find it: the same list staticcheck and ctrlflow keep.
var loggerMethods = map[[2]string]map[string]tableEffect{
	{"log", "Logger"}: {
		"Fatal": exits, "Fatalf": exits, "Fatalln": exits,
		"Panic": panics, "Panicf": panics, "Panicln": panics,
	},
	{"go.uber.org/zap", "Logger"}: {"Fatal": exits, "Panic": panics},
	{"go.uber.org/zap", "SugaredLogger"}: {
		"Fatal": exits, "Fatalf": exits, "Fatalw": exits, "Fatalln": exits,
		"Panic": panics, "Panicf": panics, "Panicw": panics, "Panicln": panics,
	},
	{"github.com/sirupsen/logrus", "Logger"}: logrusEffects,
	{"github.com/sirupsen/logrus", "Entry"}:  logrusEffects,
	// Not a logger: gin's MustGet panics when the key is not set.
	{"github.com/gin-gonic/gin", "Context"}: {"MustGet": panics},
}

var logrusEffects = map[string]tableEffect{
	"Fatal": exits, "Fatalf": exits, "Fatalln": exits, "Exit": exits,
	"Panic": panics, "Panicf": panics, "Panicln": panics,
}

// klogEffects are the package functions of klog and glog that exit.
var klogEffects = map[string]tableEffect{
	"Fatal": exits, "Fatalf": exits, "Fatalln": exits, "FatalDepth": exits,
	"Exit": exits, "Exitf": exits, "Exitln": exits, "ExitDepth": exits,
}

// loggerFuncs are the package-level functions of third-party loggers that
// end the process or panic.
var loggerFuncs = map[string]map[string]tableEffect{
	"github.com/sirupsen/logrus": logrusEffects,
	"github.com/golang/glog":     klogEffects,
	"k8s.io/klog":                klogEffects,
	"k8s.io/klog/v2":             klogEffects,
}

// mustFuncs are the package-level Must helpers of popular released
// modules, which get no facts (see facts.Relevant).
var mustFuncs = map[string]map[string]tableEffect{
	"github.com/google/uuid": {"Must": panics, "MustParse": panics},
	"github.com/samber/lo": {
		"Must": panics, "Must0": panics, "Must1": panics, "Must2": panics,
		"Must3": panics, "Must4": panics, "Must5": panics, "Must6": panics,
	},
}

// tableNames holds the names of the builtins and functions a site may
// call without a fact or a declaration in the package: see calleeNames.
var tableNames = func() map[string]bool {
	names := map[string]bool{"panic": true, "recover": true}
	for _, table := range []map[string]map[string]tableEffect{stdFuncs, loggerFuncs, mustFuncs} {
		for _, fns := range table {
			for name := range fns {
				names[name] = true
			}
		}
	}
	for _, fns := range loggerMethods {
		for name := range fns {
			names[name] = true
		}
	}
	for name := range zerologSends {
		names[name] = true
	}
	return names
}()

// lookupTable returns what fn does if it is in the tables.
func lookupTable(fn *types.Func) (tableEffect, bool) {
	if fn == nil || fn.Pkg() == nil {
		return noEffect, false
	}
	path := fn.Pkg().Path()
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return noEffect, false
	}
	if recv := sig.Recv(); recv != nil {
		t := types.Unalias(recv.Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		n, ok := t.(*types.Named)
		if !ok {
			return noEffect, false
		}
		e, ok := loggerMethods[[2]string{path, n.Obj().Name()}][fn.Name()]
		return e, ok
	}
	if e, ok := stdFuncs[path][fn.Name()]; ok {
		return e, true
	}
	if e, ok := loggerFuncs[path][fn.Name()]; ok {
		return e, true
	}
	e, ok := mustFuncs[path][fn.Name()]
	return e, ok
}

// zerolog's Fatal() and Panic() return an event; the process ends (or the
// panic happens) when the event is sent: log.Fatal().Err(err).Msg("...").
const (
	zerologPath    = "github.com/rs/zerolog"
	zerologLogPath = "github.com/rs/zerolog/log"
)

var zerologSends = map[string]bool{"Msg": true, "Msgf": true, "MsgFunc": true, "Send": true}

// zerologChain returns what call does if it sends a zerolog event that
// was started by Fatal() or Panic(), following the chain of event methods
// back to where the event was made.
func zerologChain(info *types.Info, call *ast.CallExpr, fn *types.Func) tableEffect {
	if !isZerologEventMethod(fn) || !zerologSends[fn.Name()] {
		return noEffect
	}
	x := call.Fun
	for range 64 { // chains are short; a bound keeps odd code cheap
		sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			return noEffect
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return noEffect
		}
		f := typeutil.StaticCallee(info, inner)
		if f == nil || f.Pkg() == nil {
			return noEffect
		}
		switch p := f.Pkg().Path(); {
		case (p == zerologPath || p == zerologLogPath) && f.Name() == "Fatal":
			return exits
		case (p == zerologPath || p == zerologLogPath) && f.Name() == "Panic":
			return panics
		case isZerologEventMethod(f):
			x = inner.Fun // an event method such as Str or Err: keep going
		default:
			return noEffect
		}
	}
	return noEffect
}

// isZerologEventMethod reports whether fn is a method of *zerolog.Event.
func isZerologEventMethod(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != zerologPath {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return false
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == "Event"
}
