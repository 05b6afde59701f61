package facts

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"sync"

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

// stdPaths caches IsStdPackage; passes of different packages ask
// concurrently.
var stdPaths sync.Map // import path -> bool

// IsStdPackage reports whether the package with this import path is
// part of the standard library: it has a directory in GOROOT/src. An
// import path without a dot does not tell by itself: `module myapp` and
// GOPATH packages have none either.
func IsStdPackage(path string) bool {
	if v, ok := stdPaths.Load(path); ok {
		return v.(bool)
	}
	std := false
	first, _, _ := strings.Cut(path, "/")
	if goroot := build.Default.GOROOT; goroot != "" && !strings.Contains(first, ".") {
		fi, err := os.Stat(filepath.Join(goroot, "src", filepath.FromSlash(path)))
		std = err == nil && fi.IsDir()
	}
	stdPaths.Store(path, std)
	return std
}
