package handlerexittests

import (
	"net/http"
	"testing"
)

func TestPanics(t *testing.T) {
	_ = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom") // want `^panic in a request handler`
	})
}
