package servertimeouts

import (
	"net/http"
	"net/http/httptest"
)

// Production code that renders into a recorder (a cache middleware) is
// not test code: its server is still checked.
func cached(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

func serveCached(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: cached(h)} // want `slowloris`
	return srv.ListenAndServe()
}
