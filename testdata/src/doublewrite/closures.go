package doublewrite

import (
	"errors"
	"net/http"
)

// routes registers handlers written as function literals: a return in a
// literal ends that handler, and writes after it are on another path.
func routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		if _, err := load(r); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Write([]byte("a"))
	})
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		reply := func(err error) bool {
			if err != nil {
				writeError(w, err)
				return true
			}
			return false
		}
		if reply(errors.New("x")) {
			return
		}
		writeJSON(w, http.StatusOK, item{})
	})
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "method", http.StatusMethodNotAllowed) // want `http.Error replies but the handler does not return`
		}
		w.Write([]byte("c"))
	})
}
