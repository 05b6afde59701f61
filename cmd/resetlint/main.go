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
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/resetlint/resetlint/analyzers"
)

func main() {
	multichecker.Main(analyzers.All()...)
}
