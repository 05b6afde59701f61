package clienttimeouts_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/clienttimeouts"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

// TestClientTimeouts runs the pass on its fixtures, on a package that
// sets http.DefaultClient.Timeout itself (its default requests must not
// be reported), and on one that only changes the default Transport (they
// must).
func TestClientTimeouts(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, passtest.TestData(), clienttimeouts.Analyzer, "clienttimeouts", "clienttimeouts/configured", "clienttimeouts/transportonly")
}

func TestGoldenCompiles(t *testing.T) {
	passtest.GoldenCompiles(t, "clienttimeouts", "clienttimeouts/transportonly")
}
