package cancelcheck

import (
	"net/http"
	"testing"
	"time"
)

// Test servers sleep on purpose to play a slow backend: left alone.
func TestSlowBackend(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	})
	_ = h
}
