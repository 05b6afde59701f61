package servertimeouts

import (
	"context"
	"net"
	"net/http"
	"time"
)

func literalNoTimeouts(mux *http.ServeMux) error {
	srv := &http.Server{Addr: ":8080", Handler: mux} // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout: a slowloris client holds connections open forever and idle keep-alive connections are never closed`
	return srv.ListenAndServe()
}

func multiLine(mux *http.ServeMux) error {
	srv := &http.Server{ // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
		Addr:         ":8080",
		Handler:      mux,
		WriteTimeout: 30 * time.Second, // a WriteTimeout protects nothing against slow requests
	}
	return srv.ListenAndServe()
}

func emptyLiteral(l net.Listener) error {
	srv := &http.Server{} // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
	return srv.Serve(l)
}

func onlyIdleMissing(h http.Handler) error {
	srv := http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second} // want `http.Server is served with neither IdleTimeout nor ReadTimeout: idle keep-alive connections are never closed`
	return srv.ListenAndServe()
}

func onlySlowlorisMissing(h http.Handler) error {
	srv := &http.Server{Addr: ":8443", Handler: h, IdleTimeout: time.Minute} // want `http.Server is served with neither ReadHeaderTimeout nor ReadTimeout: a slowloris client holds connections open forever`
	return srv.ListenAndServeTLS("cert.pem", "key.pem")
}

// An explicit zero is no timeout at all (req.setTimeout(0)).
func explicitZero(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 0, IdleTimeout: time.Minute} // want `neither ReadHeaderTimeout nor ReadTimeout`
	return srv.ListenAndServe()
}

// Served in a goroutine, handed to a shutdown helper only after.
func gracefulShutdown(ctx context.Context, h http.Handler) error {
	srv := &http.Server{ // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
		Addr:    ":8080",
		Handler: h,
	}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			panic(err)
		}
	}()
	<-ctx.Done()
	return shutdown(srv)
}

func shutdown(srv *http.Server) error { return srv.Shutdown(context.Background()) }

func newServer(l net.Listener, h http.Handler) error {
	srv := new(http.Server) // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
	srv.Handler = h
	return srv.Serve(l)
}

func zeroVar(h http.Handler) error {
	var srv http.Server // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
	srv.Addr = ":8080"
	srv.Handler = h
	return srv.ListenAndServe()
}

func inline(h http.Handler) error {
	return (&http.Server{Addr: ":8080", Handler: h}).ListenAndServe() // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
}

type group struct{ errs chan error }

func (g *group) Go(f func() error) { go func() { g.errs <- f() }() }

// A method value handed to an errgroup-like runner is served.
func methodValue(g *group, h http.Handler) {
	api := &http.Server{Addr: ":8080", Handler: h, IdleTimeout: time.Minute} // want `neither ReadHeaderTimeout nor ReadTimeout`
	g.Go(api.ListenAndServe)
}

type tlsServer struct{ certFile, keyFile string }

func (t tlsServer) run(h http.Handler) error {
	server := &http.Server{ // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
		Addr:    ":8443",
		Handler: h,
	}
	return server.ListenAndServeTLS(t.certFile, t.keyFile)
}

// Keep-alives off leave no idle connection, but slow headers still hang.
func noKeepAlivesSlowloris(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h} // want `http.Server is served with neither ReadHeaderTimeout nor ReadTimeout: a slowloris client holds connections open forever`
	srv.SetKeepAlivesEnabled(false)
	return srv.ListenAndServe()
}
