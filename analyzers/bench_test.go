package analyzers_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/resetlint/resetlint/analyzers"
	"github.com/resetlint/resetlint/analyzers/internal/corpusgen"
	"github.com/resetlint/resetlint/internal/driver"
)

// BenchmarkSuite measures what the passes add to the cost of a run. It
// loads once, as resetlint does, the standard net/http/... packages and a
// generated service of 1,000 or 10,000 handlers (analyzers/internal/corpusgen),
// then runs the whole suite on them with the checker package.
//
// The baseline is the no-op: the load plus a run of an analyzer that does
// nothing, which is what a linter without passes costs. Metrics:
//
//	load-ms     loading (go list, parsing, type-checking) with a warm
//	            build cache
//	noop-ms     the no-op baseline: load-ms plus the no-op run
//	suite-ms    one run of every pass (in parallel, as resetlint runs them)
//	suite-%     suite-ms as a share of noop-ms: what the passes add
//	PASS-%      the share of one pass (its own time, measured sequentially,
//	            as a part of suite-%)
//	shared-%    the share of the analyses the passes share (inspector,
//	            CFGs, request scopes, response facts)
//	us/handler  suite time per generated handler
//	floor-inspect-%      the share of a run that only builds the
//	                     inspector every pass shares (fastest of three)
//	floor-inspect+cfg-%  the same with the CFGs of every function
//	                     (ctrlflow): the cost of the x/tools layers the
//	                     suite stands on, before any pass logic
//
// Run with: go test -run '^$' -bench Suite -benchtime 3x ./analyzers/
func BenchmarkSuite(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("handlers=%d", n), func(b *testing.B) { benchSuite(b, n) })
	}
}

var noop = &analysis.Analyzer{
	Name: "noop",
	Doc:  "does nothing",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

// The floors: what a suite pays before any pass logic for the shared
// x/tools infrastructure the passes are built on (one inspector per
// package; and the CFGs of all its functions).
var (
	inspectFloor = &analysis.Analyzer{
		Name:     "inspectfloor",
		Doc:      "builds the inspector and does nothing else",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
	cfgFloor = &analysis.Analyzer{
		Name:     "cfgfloor",
		Doc:      "builds the inspector and the CFGs and does nothing else",
		Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
)

// fastest returns the shortest of three runs of a on roots.
func fastest(b *testing.B, a *analysis.Analyzer, roots []*packages.Package) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		t0 := time.Now()
		if _, err := checker.Analyze([]*analysis.Analyzer{a}, roots, nil); err != nil {
			b.Fatal(err)
		}
		best = min(best, time.Since(t0))
	}
	return best
}

func benchSuite(b *testing.B, handlers int) {
	dir := b.TempDir()
	if _, err := corpusgen.Write(dir, handlers); err != nil {
		b.Fatal(err)
	}
	// The first load builds the corpus's export data into the build
	// cache; the second is what a run on unchanged code costs.
	if _, err := driver.Load(dir, false, "net/http/...", "./..."); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	loaded, err := driver.Load(dir, false, "net/http/...", "./...")
	if err != nil {
		b.Fatal(err)
	}
	load := time.Since(t0)
	if len(loaded.Errors) > 0 {
		b.Fatalf("loading: %v", loaded.Errors)
	}
	roots := loaded.Roots

	t0 = time.Now()
	if _, err := checker.Analyze([]*analysis.Analyzer{noop}, roots, nil); err != nil {
		b.Fatal(err)
	}
	baseline := load + time.Since(t0)

	inspectCost := fastest(b, inspectFloor, roots)
	cfgCost := fastest(b, cfgFloor, roots)

	// Each pass's own time: the actions' durations in a sequential run.
	own := make(map[string]time.Duration)
	var ownTotal time.Duration
	byAnalyzer := make(map[string]time.Duration) // shared ones by name, for -v
	passes := make(map[string]bool)
	for _, a := range analyzers.All() {
		passes[a.Name] = true
	}
	g, err := checker.Analyze(analyzers.All(), roots, &checker.Options{Sequential: true})
	if err != nil {
		b.Fatal(err)
	}
	for act := range g.All() {
		if act.Err != nil {
			b.Fatalf("%s: %v", act, act.Err)
		}
		name := act.Analyzer.Name
		byAnalyzer[name] += act.Duration
		if !passes[name] {
			name = "shared"
		}
		own[name] += act.Duration
		ownTotal += act.Duration
	}

	b.ResetTimer()
	for b.Loop() {
		if _, err := checker.Analyze(analyzers.All(), roots, nil); err != nil {
			b.Fatal(err)
		}
	}
	suite := b.Elapsed() / time.Duration(b.N)

	share := 100 * float64(suite) / float64(baseline)
	b.ReportMetric(float64(load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(baseline.Milliseconds()), "noop-ms")
	b.ReportMetric(float64(suite.Microseconds())/1000, "suite-ms")
	b.ReportMetric(share, "suite-%")
	b.ReportMetric(float64(suite.Microseconds())/float64(handlers), "us/handler")
	b.ReportMetric(100*float64(inspectCost)/float64(baseline), "floor-inspect-%")
	b.ReportMetric(100*float64(cfgCost)/float64(baseline), "floor-inspect+cfg-%")
	b.Logf("baseline %v; sequential time per analyzer: %v", baseline.Round(time.Millisecond), roundAll(byAnalyzer))
	names := make([]string, 0, len(own))
	for name := range own {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b.ReportMetric(share*float64(own[name])/float64(ownTotal), name+"-%")
	}
}

func roundAll(m map[string]time.Duration) map[string]time.Duration {
	r := make(map[string]time.Duration, len(m))
	for k, v := range m {
		r[k] = v.Round(time.Millisecond)
	}
	return r
}
