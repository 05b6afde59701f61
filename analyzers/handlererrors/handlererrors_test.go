package handlererrors_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/resetlint/resetlint/analyzers/handlererrors"
	"github.com/resetlint/resetlint/analyzers/internal/passtest"
)

func TestHandlerErrors(t *testing.T) {
	analysistest.Run(t, passtest.TestData(), handlererrors.New(), "handlererrors", "handlererrors/handlers")
}
