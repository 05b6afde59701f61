package cancelcheck

import (
	"fmt"
	"net/http"
)

// ---- the deprecated CloseNotifier ----

func notified(w http.ResponseWriter, r *http.Request) {
	gone := w.(http.CloseNotifier).CloseNotify() // want `CloseNotify is deprecated: .*use r.Context\(\).Done\(\)`
	select {
	case <-gone:
		return
	case m := <-messages:
		fmt.Fprint(w, m)
	}
}

func notifiedChecked(w http.ResponseWriter, r *http.Request) {
	cn, ok := w.(http.CloseNotifier) // want `http.CloseNotifier is deprecated: .*use r.Context\(\).Done\(\)`
	if !ok {
		return
	}
	<-cn.CloseNotify()
}

// ---- near miss: a wrapper that keeps implementing the interface for
// old callers is not a request scope ----

type loggingWriter struct {
	http.ResponseWriter
}

func (lw *loggingWriter) CloseNotify() <-chan bool {
	if cn, ok := lw.ResponseWriter.(http.CloseNotifier); ok {
		return cn.CloseNotify()
	}
	return make(chan bool)
}
