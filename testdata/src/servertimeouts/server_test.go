package servertimeouts

import (
	"net/http"
	"testing"
)

func TestListen(t *testing.T) {
	go http.ListenAndServe("127.0.0.1:0", nil)
	srv := &http.Server{Addr: "127.0.0.1:0"}
	go srv.ListenAndServe()
}
