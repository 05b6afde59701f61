// Package limits is a middleware package of the bodylimit fixture: what
// its functions do to the request body reaches the handler package as
// facts.
package limits

import (
	"encoding/json"
	"net/http"
)

// Limit bounds the body of every request it passes to next.
func Limit(next http.Handler) http.Handler { // want Limit:`body\(param=-1 reads=never bounds=never middleware=true\)`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		next.ServeHTTP(w, r)
	})
}

// Body returns a middleware that bounds bodies to n bytes.
func Body(n int64) func(http.Handler) http.Handler { // want Body:`body\(param=-1 reads=never bounds=never middleware=true\)`
	return func(next http.Handler) http.Handler {
		return http.MaxBytesHandler(next, n)
	}
}

// Logging logs and bounds nothing.
func Logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}

// DecodeJSON decodes the whole body into v.
func DecodeJSON(r *http.Request, v any) error { // want DecodeJSON:`body\(param=0 reads=always bounds=never middleware=false\)`
	return json.NewDecoder(r.Body).Decode(v)
}

// Bound bounds the body for the handler that calls it.
func Bound(w http.ResponseWriter, r *http.Request) { // want Bound:`body\(param=1 reads=never bounds=always middleware=false\)`
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
}
