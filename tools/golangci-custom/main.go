// Command golangci-lint is golangci-lint v2 with resetlint linked in as a
// module plugin. It does what upstream's cmd/golangci-lint/main.go does;
// the only addition is the blank import of the plugin. The golangci-lint
// version is the one this module's go.mod requires.
//
// Build it with scripts/golangci-custom.sh.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/resetlint/resetlint/plugin"
)

const golangciModule = "github.com/golangci/golangci-lint/v2"

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// buildInfo reports the golangci-lint version this binary is built from,
// marked as custom, and the resetlint source it links, as
// `golangci-lint version` shows them.
func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{Version: "unknown", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	resetlint := "(unknown)"
	for _, dep := range bi.Deps {
		switch dep.Path {
		case golangciModule:
			info.Version = strings.TrimPrefix(dep.Version, "v") + "-custom-resetlint"
		case "github.com/resetlint/resetlint":
			resetlint = dep.Version
			if dep.Replace != nil {
				// The replace directive of go.mod: this checkout.
				resetlint = "(local checkout)"
			}
		}
	}
	info.Commit = "resetlint " + resetlint
	return info
}
