// Package typeerrors is a handler package that does not type-check:
// undefined names, mismatched types, a missing return, a wrong number of
// arguments. Passes skip it, or analyse what they can, and never panic.
package typeerrors

import (
	"encoding/json"
	"net/http"
	"time"
)

type payload struct {
	Name string
}

func handle(w http.ResponseWriter, r *http.Request) {
	var p payload
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		http.Error(w, err.Error(), undefinedStatus)
	}
	w.WriteHeader("200")
	time.Sleep(5)
	go func() {
		w.Write(p)
	}()
	respond(w, r, p, 1)
	panic(missing)
}

func respond(w http.ResponseWriter, r *http.Request) int {
	if r == nil {
		return
	}
	w.Write([]byte(r.Context().Value()))
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
	ctx := context.Background()
	_ = ctx
}

var handler http.HandlerFunc = func(w http.ResponseWriter) {}

func main() {
	http.ListenAndServe(":8080", http.HandlerFunc(handle)).Error()
	srv := http.Server{ReadTimeout: "5s"}
	_ = srv
}
