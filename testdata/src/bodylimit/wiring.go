package bodylimit

import (
	"encoding/json"
	"io"
	"net/http"

	"bodylimit/limits"
)

// maxBody bounds the body of every request it passes on.
func maxBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		next.ServeHTTP(w, r)
	})
}

// logged bounds nothing.
func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}

// limiter is a middleware type.
type limiter struct {
	next http.Handler
	max  int64
}

func (l *limiter) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`body\(param=1 reads=never bounds=always middleware=false\)`
	r.Body = http.MaxBytesReader(w, r.Body, l.max)
	l.next.ServeHTTP(w, r)
}

// ---- near misses: handlers behind a visible limit ----

// The same JSON API handler as createOrder, served behind maxBody.
func createOrderLimited(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func (s *server) importLimited(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body)
}

func wrappedDirectly(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindMaxBytesHandler(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindLimiterType(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindOtherPackage(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindFactory(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindBoth(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func serveLimited(s *server) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", createOrderLimited)
	mux.HandleFunc("POST /import", s.importLimited)
	mux.Handle("/direct", maxBody(http.HandlerFunc(wrappedDirectly)))
	srv := &http.Server{Addr: ":8080", Handler: logged(maxBody(mux))}
	srv.ListenAndServe()

	mux2 := http.NewServeMux()
	mux2.HandleFunc("/mbh", behindMaxBytesHandler)
	var h http.Handler = mux2
	h = http.MaxBytesHandler(h, 1<<20)
	http.ListenAndServe(":8081", h)

	mux3 := http.NewServeMux()
	mux3.HandleFunc("/type", behindLimiterType)
	http.ListenAndServe(":8082", &limiter{next: mux3, max: 1 << 20})

	mux4 := http.NewServeMux()
	mux4.HandleFunc("/other", behindOtherPackage)
	http.ListenAndServe(":8083", limits.Limit(mux4))

	mux5 := http.NewServeMux()
	mux5.HandleFunc("/factory", behindFactory)
	limit := limits.Body(1 << 20)
	http.ListenAndServe(":8084", limit(mux5))

	http.HandleFunc("/default", behindBoth)
	http.ListenAndServe(":8085", maxBody(http.DefaultServeMux))
}

// ---- positives: the wiring is visible and bounds nothing ----

func behindLogging(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body) // want `io.ReadAll reads the request body`
}

func behindOtherLogging(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body) // want `io.ReadAll reads the request body`
}

func serveUnlimited() {
	mux := http.NewServeMux()
	mux.HandleFunc("/logging", behindLogging)
	mux.HandleFunc("/other-logging", behindOtherLogging)
	mux.HandleFunc("/inline", func(w http.ResponseWriter, r *http.Request) {
		var o order
		json.NewDecoder(r.Body).Decode(&o) // want `json.NewDecoder reads the request body`
	})
	http.ListenAndServe(":9090", limits.Logging(logged(mux)))
}

// router is a chi-like router of the package: middleware by Use and With.
type router struct {
	mws []func(http.Handler) http.Handler
	mux *http.ServeMux
}

func (rt *router) Use(mws ...func(http.Handler) http.Handler) { rt.mws = append(rt.mws, mws...) }

func (rt *router) With(mws ...func(http.Handler) http.Handler) *router { return rt }

func (rt *router) Post(pattern string, h http.HandlerFunc) { rt.mux.Handle(pattern, h) }

func behindUse(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindWith(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func plainOnRouter(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body) // want `io.ReadAll reads the request body`
}

func chiStyle() {
	rt := &router{mux: http.NewServeMux()}
	rt.Use(maxBody)
	rt.Post("/use", behindUse)

	rt2 := &router{mux: http.NewServeMux()}
	rt2.With(maxBody).Post("/with", behindWith)
	rt2.Post("/plain", plainOnRouter)
}

// A router handed to a function that registers on its parameter.
func behindParam(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func registerOn(m *http.ServeMux) { m.HandleFunc("/registered", behindParam) }

func serveParam() {
	mux := http.NewServeMux()
	registerOn(mux)
	http.ListenAndServe(":8090", maxBody(mux))
}

// An application type whose ServeHTTP serves the mux in its field.
type app struct{ mux *http.ServeMux }

func (a *app) routes() { a.mux.HandleFunc("/field", a.behindField) }

func (a *app) behindField(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func serveApp() {
	a := &app{mux: http.NewServeMux()}
	a.routes()
	http.ListenAndServe(":8091", maxBody(a))
}

// Middleware chains applied in a loop.
func behindChain(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func behindChainIndex(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body) }

func serveChains() {
	mux := http.NewServeMux()
	mux.HandleFunc("/chain", behindChain)
	var h http.Handler = mux
	for _, mw := range []func(http.Handler) http.Handler{logged, maxBody} {
		h = mw(h)
	}
	http.ListenAndServe(":8092", h)

	mux2 := http.NewServeMux()
	mux2.HandleFunc("/chain-index", behindChainIndex)
	chain := []func(http.Handler) http.Handler{maxBody, logged}
	var h2 http.Handler = mux2
	for i := len(chain) - 1; i >= 0; i-- {
		h2 = chain[i](h2)
	}
	http.ListenAndServe(":8093", h2)
}
