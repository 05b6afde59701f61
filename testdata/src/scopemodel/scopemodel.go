// Package scopemodel is the table of the request-scope model's answers:
// every want comment is one row.
package scopemodel

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func probe(any) {}

// A plain handler, parameters in the usual order.
func plain(w http.ResponseWriter, r *http.Request) { // want `handler net/http w=w r=r`
	probe(w)      // want `writer,fix=r.Context\(\)`
	probe(r)      // want `request,fix=r.Context\(\)`
	probe(r.Body) // want `body,fix=r.Context\(\)`
	probe(r.URL)  // want `none,fix=r.Context\(\)`
}

// Any order, any names.
func reversed(req *http.Request, rw http.ResponseWriter) { // want `handler net/http w=rw r=req`
	probe(rw) // want `writer,fix=req.Context\(\)`
}

type server struct{ db any }

// A ServeHTTP method.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want `handler net/http w=w r=r`
	probe(s) // want `none,fix=r.Context\(\)`
}

// A method value registered on a mux is an ordinary method.
func (s *server) handleUsers(w http.ResponseWriter, r *http.Request) {} // want `handler net/http w=w r=r`

func routes(s *server) {
	mux := http.NewServeMux()
	mux.HandleFunc("/users", s.handleUsers)
	// A function literal handler.
	mux.HandleFunc("/lit", func(w http.ResponseWriter, r *http.Request) { // want `handler net/http w=w r=r`
		probe(w) // want `writer,fix=r.Context\(\)`
	})
	probe(mux) // want `outside any scope`
}

// A handler-returning closure: the literal is the scope, the outer
// function is not.
func makeHandler(msg string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { // want `handler net/http w=w r=r`
		probe(msg) // want `none,fix=r.Context\(\)`
	}
}

// Helpers receive part of a request.
func writeError(w http.ResponseWriter, err error) { // want `helper net/http w=w`
	probe(w) // want `writer,fix=`
}

func decode(r *http.Request, v any) error { // want `helper net/http r=r`
	probe(r.Body) // want `body,fix=r.Context\(\)`
	return nil
}

// Aliases and derived values.
func derived(w http.ResponseWriter, r *http.Request) { // want `handler net/http w=w r=r`
	rw := w
	probe(rw) // want `writer,fix=r.Context\(\)`
	ctx := r.Context()
	probe(ctx) // want `reqctx,fix=ctx`
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	probe(tctx) // want `reqctx,fix=ctx`
	vctx := context.WithValue(tctx, "k", 1)
	probe(vctx) // want `reqctx,fix=ctx`
	detached := context.WithoutCancel(r.Context())
	probe(detached)             // want `detached,fix=ctx`
	probe(context.Background()) // want `none,fix=ctx`
	r2 := r.WithContext(tctx)
	probe(r2)           // want `request,fix=ctx`
	probe(r2.Body)      // want `body,fix=ctx`
	probe(r2.Context()) // want `reqctx,fix=ctx`
	out, _ := http.NewRequest("GET", "http://example.com", nil)
	probe(out)           // want `none,fix=ctx`
	probe(out.Context()) // want `none,fix=ctx`
}

// A closure inside a handler (a goroutine body) belongs to the handler.
func withClosure(w http.ResponseWriter, r *http.Request) { // want `handler net/http w=w r=r`
	go func() {
		probe(w)           // want `writer,fix=r.Context\(\)`
		probe(r.Context()) // want `reqctx,fix=r.Context\(\)`
	}()
	// A nested handler literal is its own scope, inside the outer one.
	h := func(w2 http.ResponseWriter, r2 *http.Request) { // want `handler net/http w=w2 r=r2 nested`
		probe(w)  // want `writer,fix=r2.Context\(\)`
		probe(w2) // want `writer,fix=r2.Context\(\)`
	}
	_ = h
}

// gin handlers and helpers.
func ginHandler(c *gin.Context) { // want `handler gin c=c`
	probe(c)                   // want `framework,ginctx,fix=c.Request.Context\(\)`
	probe(c.Writer)            // want `writer,fix=c.Request.Context\(\)`
	probe(c.Request)           // want `request,fix=c.Request.Context\(\)`
	probe(c.Request.Body)      // want `body,fix=c.Request.Context\(\)`
	probe(c.Request.Context()) // want `reqctx,fix=c.Request.Context\(\)`
}

func ginHelper(c *gin.Context, code int) { // want `helper gin c=c`
}

// echo handlers.
func echoHandler(c echo.Context) error { // want `handler echo c=c`
	probe(c.Response())          // want `writer,fix=c.Request\(\).Context\(\)`
	probe(c.Response().Writer)   // want `writer,fix=c.Request\(\).Context\(\)`
	probe(c.Request())           // want `request,fix=c.Request\(\).Context\(\)`
	probe(c.Request().Context()) // want `reqctx,fix=c.Request\(\).Context\(\)`
	probe(c)                     // want `framework,fix=c.Request\(\).Context\(\)`
	return nil
}

// Not scopes: no request values.
func notHandler(ctx context.Context, s string) {
	probe(ctx) // want `outside any scope`
}

// Generic functions with handler-shaped parameters are scopes too.
func generic[T any](w http.ResponseWriter, r *http.Request, v T) { // want `handler net/http w=w r=r`
}
