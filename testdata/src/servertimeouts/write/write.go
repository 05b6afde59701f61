// Package write is run with -servertimeouts.write.
package write

import (
	"net/http"
	"time"
)

func streaming(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute} // want `http.Server is served with no WriteTimeout: a client that stops reading holds its connection and handler forever`
	return srv.ListenAndServe()
}

func noTimeouts(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h} // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout: a slowloris client holds connections open forever and idle keep-alive connections are never closed; with no WriteTimeout, a client that stops reading holds its connection and handler forever`
	return srv.ListenAndServe()
}

func listen(h http.Handler) error {
	return http.ListenAndServe(":8080", h) // want `http.ListenAndServe starts a server with no timeouts`
}

// ReadTimeout does not bound the writing of the response.
func readOnly(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadTimeout: 10 * time.Second} // want `http.Server is served with no WriteTimeout`
	return srv.ListenAndServe()
}

func complete(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadTimeout: 10 * time.Second, WriteTimeout: time.Minute}
	return srv.ListenAndServe()
}
