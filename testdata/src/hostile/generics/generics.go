// Package generics has handlers and helpers whose request values are
// type parameters: signatures that look like handlers only once
// instantiated, constraints naming http.ResponseWriter, generic
// middlewares and handler types.
package generics

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Handle looks like a handler with type parameters for both values.
func Handle[W http.ResponseWriter, R *http.Request](w W, r R) {
	req := (*http.Request)(r)
	var v map[string]any
	json.NewDecoder(req.Body).Decode(&v)
	http.Error(w, "bad", http.StatusBadRequest)
	w.Write([]byte("after"))
}

// Writer is a constraint satisfied by response writers.
type Writer interface {
	http.ResponseWriter
	comparable
}

// Reply writes v through any writer type.
func Reply[T Writer](w T, v any) error {
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(v)
}

// Decode reads a request body into a T.
func Decode[T any](r *http.Request) (T, error) {
	var t T
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return t, err
	}
	return t, json.Unmarshal(data, &t)
}

// Service is a generic handler type.
type Service[T any] struct {
	Load func(context.Context) (T, error)
}

// ServeHTTP serves the loaded value.
func (s Service[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Millisecond)
	v, err := s.Load(context.Background())
	if err != nil {
		panic(err)
	}
	go func() { Reply(w, v) }()
}

// Wrap is a generic middleware.
func Wrap[H http.Handler](h H, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}

// Pair instantiates everything.
func Pair() http.Handler {
	type item struct{ N int }
	var s Service[item]
	mux := http.NewServeMux()
	mux.Handle("/a", Wrap(s, 1<<10))
	mux.HandleFunc("/b", Handle[http.ResponseWriter, *http.Request])
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) {
		it, _ := Decode[item](r)
		_ = Reply[http.ResponseWriter](w, it)
	})
	return mux
}
