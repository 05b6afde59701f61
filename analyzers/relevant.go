package analyzers

import (
	"github.com/resetlint/resetlint/analyzers/internal/facts"
	"github.com/resetlint/resetlint/analyzers/internal/scope"
)

// MayCarryFacts reports whether a package may carry a fact of some
// pass, from what a driver knows before it type-checks the package: its
// path, the paths of its direct imports, whether it is part of the
// standard library, and its module's version ("" for the main module, a
// workspace or directory replacement, or no module). Drivers type-check
// and analyse dependencies for which it is false as if no pass declared
// facts; the passes' fact owners skip such packages themselves (the
// contract is on the Relevant functions of analyzers/internal/facts).
func MayCarryFacts(path string, imports []string, std bool, moduleVersion string) bool {
	return facts.MayCarryFacts(path, imports, std, moduleVersion)
}

// IsFrameworkPath reports whether path is net/http or the package of a
// supported framework (gin, any major version of echo).
func IsFrameworkPath(path string) bool { return scope.IsFrameworkPath(path) }
