// Package bodylimitflags exercises bodylimit's flags: which multipart
// parses count, and -assume-middleware.
package bodylimitflags

import "net/http"

func small(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(10 << 20)
}

func huge(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(1 << 30)
}

func file(w http.ResponseWriter, r *http.Request) {
	r.FormFile("f")
}

// Generic helpers and handlers must not trip the pass.
func decodeAs[T any](r *http.Request, limit int64) (T, error) {
	var v T
	r.ParseMultipartForm(limit)
	return v, nil
}

func generic(w http.ResponseWriter, r *http.Request) {
	decodeAs[struct{}](r, 1<<10)
}
