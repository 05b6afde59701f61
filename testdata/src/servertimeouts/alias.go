package servertimeouts

import "net/http"

// Server lets a file with no imports build an http.Server.
type Server = http.Server

func loneImport(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h} // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
	return srv.ListenAndServe()
}
