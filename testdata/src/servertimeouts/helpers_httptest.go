package servertimeouts

import (
	"net"
	"net/http"
	"net/http/httptest"
)

// Test helpers: httptest servers, and servers in files that build them,
// serve tests.
func newTestServer(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config = &http.Server{Handler: h}
	ts.Start()
	return ts
}

func serveForTest(l net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h}
	go srv.Serve(l)
	go http.Serve(l, h)
}
