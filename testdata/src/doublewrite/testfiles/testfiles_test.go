package testfiles

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSuperfluous(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.WriteHeader(http.StatusTeapot) // want `w.WriteHeader sends a status after the response was committed`
	}))
	defer srv.Close()
}
