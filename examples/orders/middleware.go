package orders

import (
	"context"
	"log"
	"net/http"
	"time"
)

// requestLog logs one line per request with its status and duration.
func requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Millisecond))
	})
}

// statusRecorder remembers the status a handler sent. It forwards Flush so
// that the event stream still works behind it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// audit records who changed what. It writes the audit row off the request
// path so that a slow audit table does not slow the API down.
func (a *API) audit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			return
		}
		ctx := context.WithoutCancel(r.Context())
		// resetlint: handlergoroutine — the goroutine reads r after the handler has returned
		go func() {
			ev := AuditEvent{User: r.Header.Get("X-User"), Method: r.Method, Path: r.URL.Path, At: time.Now()}
			if err := a.store.RecordAudit(ctx, ev); err != nil {
				log.Printf("audit %s %s: %v", r.Method, r.URL.Path, err)
			}
		}()
	})
}
