package facts

import (
	"go/build"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Exportable reports whether facts may be exported for the functions of
// the package under analysis: not for the standard library, whose
// behaviour the passes know from tables (nogo computes no facts for it).
func Exportable(pass *analysis.Pass) bool {
	return !IsStd(pass)
}

// IsStd reports whether the package under analysis is part of the
// standard library, judged by where its files live: import paths alone
// cannot tell std from a GOPATH-style package without a dot.
func IsStd(pass *analysis.Pass) bool {
	goroot := build.Default.GOROOT
	if goroot == "" || len(pass.Files) == 0 {
		return false
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	src := filepath.Join(goroot, "src") + string(filepath.Separator)
	return strings.HasPrefix(name, src)
}
