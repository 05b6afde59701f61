package cancelcheck

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// ---- time.Sleep on a handler path ----

func slowHandler(w http.ResponseWriter, r *http.Request) {
	time.Sleep(2 * time.Second) // want `time.Sleep in a request scope does not wake up when the client goes away`
	fmt.Fprint(w, "done")
}

func slowWithCtx(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := ctx.Err(); err != nil {
		return
	}
	for i := 0; i < 3; i++ {
		time.Sleep(time.Duration(i) * time.Second) // want `select on time.After and ctx.Done\(\) instead`
	}
	w.WriteHeader(http.StatusOK)
}

func ginSlow(c *gin.Context) {
	time.Sleep(time.Second) // want `select on time.After and c.Request.Context\(\).Done\(\) instead`
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func echoSlow(c echo.Context) error {
	time.Sleep(time.Second) // want `time.Sleep in a request scope`
	return c.String(http.StatusOK, "ok")
}

// A helper with results: the fix returns zero values and the context's
// error.
func retryFetch(r *http.Request, url string) (*http.Response, error) { // want retryFetch:`blocking\(blocks=maybe checks=never via=time.Sleep\)`
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := http.Get(url)
		if err == nil {
			return resp, nil
		}
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond) // want `time.Sleep in a request scope`
	}
	return nil, errors.New("gave up")
}

type quote struct{ Price int }

// A struct result has no literal zero value: reported, no fix.
func slowQuote(r *http.Request) (quote, error) { // want slowQuote:`blocking\(blocks=always checks=never via=time.Sleep\)`
	time.Sleep(time.Second) // want `time.Sleep in a request scope`
	return quote{}, nil
}

// A pacing sleep in a stream loop: the sleep and the loop are reported.
func pacedStream(w http.ResponseWriter, r *http.Request) {
	for i := 0; ; i++ { // want `streaming loop`
		fmt.Fprintf(w, "data: %d\n\n", i)
		w.(http.Flusher).Flush()
		time.Sleep(time.Second) // want `time.Sleep in a request scope`
	}
}

// A handler that returns http.HandlerFunc: the literal is the scope.
func throttled(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond) // want `time.Sleep in a request scope`
		next.ServeHTTP(w, r)
	})
}

// ---- near misses ----

// Sleeping outside any request scope.
func backoffWorker() {
	for range 3 {
		time.Sleep(time.Second)
	}
}

// The goroutine is not the handler's path.
func sleepInGoroutine(w http.ResponseWriter, r *http.Request) {
	go func() {
		time.Sleep(time.Second)
		backoffWorker()
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Sleeping in a select with the request context is what the fix writes.
func sleepDone(w http.ResponseWriter, r *http.Request) {
	select {
	case <-time.After(time.Second):
	case <-r.Context().Done():
		return
	}
	fmt.Fprint(w, "done")
}
