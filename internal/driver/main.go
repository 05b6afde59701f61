// Package driver is resetlint's command: the command line of
// golang.org/x/tools/go/analysis/multichecker, with a loader that keeps a
// fact-using suite near the cost of a fact-free one.
//
// Everything but the standalone analysis is multichecker's own code:
// `help`, `-flags`, `-V=full`, flag errors and the `go vet` protocol
// (a single *.cfg argument) are handed to multichecker.Main, so they stay
// exactly as users and `go vet` know them. A `go vet` facts-only run on a
// package that can carry no fact gets hollow analyzers (see hollow).
// The standalone analysis (`resetlint [flags] packages...`) loads with
// Load and runs the analyzers with golang.org/x/tools/go/analysis/checker.
package driver

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/multichecker"
)

// Main is the main function of resetlint. It does not return.
func Main(all ...*analysis.Analyzer) {
	progname := filepath.Base(os.Args[0])
	log.SetFlags(0)
	log.SetPrefix(progname + ": ")
	if err := analysis.Validate(all); err != nil {
		log.Fatal(err)
	}

	fl, err := parseFlags(all, os.Args[1:])
	switch {
	case err != nil, fl.printFlags, fl.version, len(fl.args) == 0, fl.args[0] == "help":
		// multichecker prints the usage, help, flags, version or
		// flag error exactly as it always has.
		multichecker.Main(all...)
	case len(fl.args) == 1 && strings.HasSuffix(fl.args[0], ".cfg"):
		// The go vet protocol.
		if vetCanSkip(fl.args[0]) {
			multichecker.Main(hollow(all)...)
		}
		multichecker.Main(all...)
	}
	os.Exit(run(fl))
}

// run is the standalone analysis; it returns the exit code: 0, 1 if the
// packages could not be loaded or analysed, 3 if there are findings.
func run(fl *flags) (exitcode int) {
	exitAtLeast := func(code int) { exitcode = max(code, exitcode) }

	if fl.cpuProfile != "" {
		f, err := os.Create(fl.cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if fl.trace != "" {
		f, err := os.Create(fl.trace)
		if err != nil {
			log.Fatal(err)
		}
		if err := trace.Start(f); err != nil {
			log.Fatal(err)
		}
		defer trace.Stop()
	}
	if fl.memProfile != "" {
		f, err := os.Create(fl.memProfile)
		if err != nil {
			log.Fatal(err)
		}
		defer func() {
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				log.Fatalf("Writing memory profile: %v", err)
			}
			f.Close()
		}()
	}

	if fl.dbg('v') {
		log.SetPrefix("")
		log.SetFlags(log.Lmicroseconds)
		log.Printf("load %s", fl.args)
	}
	loaded, err := Load("", fl.tests, fl.args...)
	if err != nil {
		log.Print(err)
		return 1
	}
	if fl.dbg('v') {
		log.Printf("%d packages: %d from source, %d from export data",
			loaded.Stats.Packages, loaded.Stats.Source, loaded.Stats.Export)
	}
	for _, msg := range loaded.Errors {
		fmt.Fprintln(os.Stderr, msg)
	}
	if len(loaded.Errors) > 0 {
		exitAtLeast(1)
	}

	var factLog io.Writer
	if fl.dbg('f') {
		factLog = os.Stderr
	}
	opts := &checker.Options{SanityCheck: fl.dbg('s'), Sequential: fl.dbg('p'), FactLog: factLog}
	graph, err := checker.Analyze(fl.enabled, loaded.Roots, opts)
	if err != nil {
		log.Print(err)
		exitAtLeast(1)
		return
	}

	if fl.fix {
		// Apply the fixes, print no diagnostics, and do not fail
		// because there were some.
		if err := ApplyFixes(graph.Roots, os.Stdout, fl.diff, fl.dbg('v')); err != nil {
			log.Print(err)
			exitAtLeast(1)
		}
		return
	}
	exitAtLeast(printDiagnostics(graph, fl))
	return
}

// printDiagnostics prints as multichecker does: JSON on stdout (exit
// code 0), or text on stderr with exit code 1 if an analysis failed and
// 3 if there are findings.
func printDiagnostics(graph *checker.Graph, fl *flags) (exitcode int) {
	if fl.json {
		if err := graph.PrintJSON(os.Stdout); err != nil {
			return 1
		}
	} else {
		if err := graph.PrintText(os.Stderr, fl.context); err != nil {
			return 1
		}
		var numErrors, rootDiags int
		for act := range graph.All() {
			if act.Err != nil {
				numErrors++
			} else if act.IsRoot {
				rootDiags += len(act.Diagnostics)
			}
		}
		if numErrors > 0 {
			exitcode = 1
		} else if rootDiags > 0 {
			exitcode = 3
		}
	}

	if fl.dbg('t') {
		if !fl.dbg('p') {
			log.Println("Warning: times are mostly GC/scheduler noise; use -debug=tp to disable parallelism")
		}
		var list []*checker.Action
		var total time.Duration
		for act := range graph.All() {
			list = append(list, act)
			total += act.Duration
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Duration > list[j].Duration })
		var sum time.Duration
		for _, act := range list {
			fmt.Fprintf(os.Stderr, "%s\t%s\n", act.Duration, act)
			sum += act.Duration
			if sum >= total*9/10 {
				break
			}
		}
		if total > sum {
			fmt.Fprintf(os.Stderr, "%s\tall others\n", total-sum)
		}
	}
	return exitcode
}
