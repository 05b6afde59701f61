package servertimeouts

import (
	"net"
	"net/http"
	"os"
	"time"

	"servertimeouts/configure"
)

// Timeouts assigned after the literal count.
func laterAssignment(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h}
	srv.ReadHeaderTimeout = 10 * time.Second
	srv.IdleTimeout = time.Minute
	return srv.ListenAndServe()
}

// ReadTimeout bounds both the headers and idle keep-alive connections.
func readTimeoutCoversBoth(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadTimeout: 30 * time.Second}
	return srv.ListenAndServe()
}

// WriteTimeout is only required with -servertimeouts.write.
func noWriteTimeout(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	return srv.ListenAndServe()
}

// Handed to a function the pass cannot see before it is served: that
// function may set the timeouts.
func passedToUnseen(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h}
	configure.Apply(srv)
	return srv.ListenAndServe()
}

type Config struct {
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
}

// Values from configuration are trusted.
func fromConfig(cfg Config, h http.Handler) error {
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
	}
	return srv.ListenAndServe()
}

func fromEnvironment(h http.Handler) error {
	d, err := time.ParseDuration(os.Getenv("READ_TIMEOUT"))
	if err != nil {
		return err
	}
	srv := http.Server{Addr: ":8080", Handler: h, ReadTimeout: d}
	return srv.ListenAndServe()
}

// Returned, stored in a field or in a global: whoever serves it may set
// the timeouts.
func newAPIServer(h http.Handler) *http.Server {
	return &http.Server{Addr: ":8080", Handler: h}
}

type app struct{ srv *http.Server }

func (a *app) init(h http.Handler) { a.srv = &http.Server{Addr: ":8080", Handler: h} }

func (a *app) run() error { return a.srv.ListenAndServe() }

var globalServer = &http.Server{Addr: ":8080"}

func runGlobal() error { return globalServer.ListenAndServe() }

// Never served in the function that builds it.
func builtNotServed(h http.Handler) string {
	srv := &http.Server{Addr: ":8080", Handler: h}
	return srv.Addr
}

// A server whose variable is reassigned from elsewhere is not followed.
func reassigned(h http.Handler, l net.Listener) error {
	srv := &http.Server{Handler: h}
	if h == nil {
		srv = newAPIServer(h)
	}
	return srv.Serve(l)
}

// With keep-alives off no connection is ever idle: ReadHeaderTimeout is
// enough.
func noKeepAlives(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	srv.SetKeepAlivesEnabled(false)
	return srv.ListenAndServe()
}

// A deliberate exception, silenced with a reason.
func behindProxy(h http.Handler) error {
	//resetlint:ignore servertimeouts the load balancer in front enforces header and idle timeouts
	srv := &http.Server{Addr: "127.0.0.1:8080", Handler: h}
	return srv.ListenAndServe()
}
