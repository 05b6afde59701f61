package handlergoroutine

import "net/http"

// A file that does not import context: the fix adds it.
func auditLater(w http.ResponseWriter, r *http.Request) {
	go audit(r.Context(), r.URL.Path) // want `goroutine uses r.Context\(\) but the handler does not wait for it`
}
