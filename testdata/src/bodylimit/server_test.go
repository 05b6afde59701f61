package bodylimit

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// A test server is not exposed: its reads are left alone.
func TestEcho(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		w.Write(data)
	}))
	defer srv.Close()
}

// Copying to standard output streams: nothing accumulates.
func printBody(w http.ResponseWriter, r *http.Request) {
	io.Copy(os.Stdout, r.Body)
}
