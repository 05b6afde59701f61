package handlerexit

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Test handlers panic on purpose to exercise recovery code: test files
// are left alone unless -handlerexit.tests is set.
func TestRecovery(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	})
	defer func() { _ = recover() }()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}
