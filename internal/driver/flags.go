package driver

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// flags holds the command line of a standalone run. parseFlags accepts
// exactly the flags multichecker.Main registers (its driver flags, then
// one enable flag per analyzer, the analyzers' own flags prefixed with
// the analyzer's name, and the common and legacy vet flags); anything
// else is a parse error, which Main hands to multichecker to report.
type flags struct {
	args    []string
	enabled []*analysis.Analyzer // after the -NAME flags

	debug, cpuProfile, memProfile, trace string
	tests                                bool
	printFlags, version                  bool
	json, fix, diff                      bool
	context                              int
}

func (fl *flags) dbg(b byte) bool { return strings.IndexByte(fl.debug, b) >= 0 }

func parseFlags(all []*analysis.Analyzer, args []string) (*flags, error) {
	fl := &flags{tests: true, context: -1}
	fs := flag.NewFlagSet("resetlint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)

	// Driver flags (multichecker's internal checker.RegisterFlags).
	fs.StringVar(&fl.debug, "debug", "", `debug flags, any subset of "fpstv"`)
	fs.StringVar(&fl.cpuProfile, "cpuprofile", "", "write CPU profile to this file")
	fs.StringVar(&fl.memProfile, "memprofile", "", "write memory profile to this file")
	fs.StringVar(&fl.trace, "trace", "", "write trace log to this file")
	fs.BoolVar(&fl.tests, "test", true, "indicates whether test files should be analyzed, too")

	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range all {
		ts := new(triState)
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		enabled[a] = ts
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}

	fs.BoolVar(&fl.printFlags, "flags", false, "print analyzer flags in JSON")
	fs.Var((*versionFlag)(&fl.version), "V", "print version and exit")
	fs.BoolVar(&fl.json, "json", false, "emit JSON output")
	fs.IntVar(&fl.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&fl.fix, "fix", false, "apply all suggested fixes")
	fs.BoolVar(&fl.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	var verbose bool
	fs.Bool("source", false, "no effect (deprecated)")
	fs.BoolVar(&verbose, "v", false, "no effect (deprecated)")
	fs.Bool("all", false, "no effect (deprecated)")
	fs.String("tags", "", "no effect (deprecated)")

	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fl.args = fs.Args()
	if verbose && !fl.dbg('v') {
		fl.debug += "v" // -v is an alias of -debug=v
	}

	// If any -NAME flag is true, run only those analyzers; otherwise, if
	// any is false, run all but those.
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	for _, a := range all {
		switch {
		case hasTrue && *enabled[a] != setTrue:
		case !hasTrue && hasFalse && *enabled[a] == setFalse:
		default:
			fl.enabled = append(fl.enabled, a)
		}
	}
	return fl, nil
}

// A triState is a boolean flag that knows whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any { return *ts == setTrue }
func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}
func (ts *triState) String() string {
	if *ts == setFalse {
		return "false"
	}
	return "true"
}
func (ts *triState) IsBoolFlag() bool { return true }

// versionFlag notes -V; multichecker prints the version.
type versionFlag bool

func (v *versionFlag) IsBoolFlag() bool { return true }
func (v *versionFlag) String() string   { return "" }
func (v *versionFlag) Set(string) error { *v = true; return nil }
