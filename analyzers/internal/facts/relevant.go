package facts

import (
	"golang.org/x/tools/go/analysis"

	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// Which packages may carry a fact.
//
// Drivers use this to skip work that can produce no fact: cmd/resetlint
// type-checks from source only the target packages and the dependencies
// for which MayCarryFacts holds (everything else comes from export data,
// as for an analysis without facts), and under `go vet` it runs only
// hollow analyzers on the facts-only runs of the other packages. Two
// rules follow for every analyzer that exports a fact, and only with
// them does an analysis give the same findings under both drivers:
//
//   - the owners of Response, Blocking and Body return at once, before
//     any work, when RequestRelevant(pass) is false;
//   - the owner of Exit returns at once when Relevant(pass) is false, and
//     exports Exit facts in packages that do not import net/http or a
//     framework only when they are user code (see UserCode).
//
// A pass that reports diagnostics still runs on every target package; it
// only must not expect facts from packages for which these are false.
// Facts about dependencies travel only along the import edges between
// packages that may carry them, so a package-level function's fact
// reaches the packages that import its package directly, and a method's
// fact reaches every package that can see the method.

// RequestRelevant reports whether the package under analysis may declare
// a function that receives a request value (ResponseWriter,
// *http.Request, gin or echo context): it is not part of the standard
// library and imports net/http or a supported framework directly (a
// package must import a package to name its types in a signature).
func RequestRelevant(pass *analysis.Pass) bool {
	return !IsStd(pass) && scope.ImportsFramework(pass.Pkg)
}

// Relevant reports whether the package under analysis may carry any
// fact: RequestRelevant, or user code, where `must(err)` and `check(err)`
// helpers live (Exit facts).
func Relevant(pass *analysis.Pass) bool {
	if IsStd(pass) {
		return false
	}
	return scope.ImportsFramework(pass.Pkg) || UserCode(pass.Module)
}

// UserCode reports whether a package of module mod is code its users
// develop, not a released dependency: the main module, a workspace
// module, a module replaced by a directory (all have no version), or a
// package outside any module (GOPATH mode, where mod is nil or empty).
// Released dependencies are left to tables: their Exit facts would make
// every dependency a source package.
func UserCode(mod *analysis.Module) bool {
	return mod == nil || mod.Version == ""
}

// MayCarryFacts is Relevant decided from what a driver knows before it
// type-checks a package: its path, the paths of its direct imports,
// whether it is part of the standard library, and the version of its
// module ("" for user code, see UserCode).
func MayCarryFacts(path string, imports []string, std bool, moduleVersion string) bool {
	if std {
		return false
	}
	if moduleVersion == "" || scope.IsFrameworkPath(path) {
		return true
	}
	for _, imp := range imports {
		if scope.IsFrameworkPath(imp) {
			return true
		}
	}
	return false
}
