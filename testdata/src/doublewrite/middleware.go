package doublewrite

import (
	"net/http"
	"net/http/httptest"
)

// requireToken forgets to return after rejecting: next answers too.
func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized) // want `http.Error replies but the handler does not return: on the path out of this if, next.ServeHTTP \(line 14\) sends a second status`
		}
		next.ServeHTTP(w, r)
	})
}

// poweredBy sets a header after next has answered: it is dropped.
func poweredBy(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		next(w, r)
		w.Header().Set("X-Powered-By", "go") // want `w.Header\(\).Set changes a header on some path after the response was committed by next`
	}
}

// --- near misses ---

func requireTokenReturns(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("X-Checked", "1")
		next.ServeHTTP(w, r)
	})
}

// buffered lets next answer into a recorder, then sends the answer
// itself, with one more header.
func buffered(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		w.Header().Set("X-Buffered", "1")
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}
