// Command resetlint finds the code in Go HTTP servers and clients that
// ends in connection resets, lost responses and servers that fall over
// under load.
//
// Usage:
//
//	resetlint [flags] packages...          analyse packages
//	resetlint -fix packages...             apply suggested fixes
//	resetlint help [pass]                  list passes or explain one
//	go vet -vettool=$(which resetlint) ./...
//
// The command line is multichecker's. Standalone, resetlint type-checks
// from source only the target packages and the dependencies that may
// carry a fact (they import net/http or a framework, or are the user's
// own code) and reads the rest from export data, so that it costs about
// what an analysis without facts costs; see internal/driver.
package main

import (
	"github.com/resetlint/resetlint/analyzers"
	"github.com/resetlint/resetlint/internal/driver"
)

func main() {
	driver.Main(analyzers.All()...)
}
