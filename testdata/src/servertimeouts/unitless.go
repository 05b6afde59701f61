package servertimeouts

import (
	"net/http"
	"time"
)

const readSeconds = 5

func unitless(h http.Handler) error {
	srv := &http.Server{
		Addr:        ":8080",
		Handler:     h,
		ReadTimeout: 5,      // want `ReadTimeout: 5 means 5ns \(a unit-less duration is nanoseconds\): every connection is closed before its request is read`
		IdleTimeout: 2 * 60, // want `IdleTimeout: 2 \* 60 means 120ns \(a unit-less duration is nanoseconds\): keep-alive connections are closed the moment they go idle, and a client reusing one gets a reset`
	}
	srv.WriteTimeout = 30 // want `WriteTimeout: 30 means 30ns \(a unit-less duration is nanoseconds\): every response is cut off and the client gets a reset`
	return srv.ListenAndServe()
}

// Reported wherever the server comes from.
func unitlessConst(s *http.Server) {
	s.ReadHeaderTimeout = readSeconds // want `ReadHeaderTimeout: readSeconds means 5ns`
}

// Not unit-less: a unit, a conversion, a deliberate nanosecond count, a
// variable.
func withUnits(s *http.Server, secs int, d time.Duration) {
	s.ReadHeaderTimeout = readSeconds * time.Second
	s.ReadTimeout = time.Duration(secs) * time.Second
	s.WriteTimeout = 30000000000
	s.IdleTimeout = d
}
