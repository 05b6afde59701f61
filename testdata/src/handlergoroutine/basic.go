// Package handlergoroutine is the fixture of the handlergoroutine pass:
// goroutines started by handlers, waited for or not.
package handlergoroutine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"time"
)

type result struct{ N int }

func compute(ctx context.Context) result                { return result{} }
func audit(ctx context.Context, id string)              {}
func process(ctx context.Context, r *http.Request)      {}
func sendMail(ctx context.Context, to string) error     { return nil }
func fetch(ctx context.Context, id string) (int, error) { return 0, nil }

// ---- positives ----

func writeLater(w http.ResponseWriter, r *http.Request) {
	go func() { // want `goroutine uses w but the handler does not wait for it: a write after the handler returns panics or races with the server`
		time.Sleep(time.Second)
		fmt.Fprintln(w, "done")
	}()
}

// Fire and forget with the request context: cancelled on return.
func notify(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	go sendMail(r.Context(), to) // want `goroutine uses r.Context\(\) but the handler does not wait for it: the request context is cancelled when the handler returns, which aborts the work`
	w.WriteHeader(http.StatusAccepted)
}

func copyBody(w http.ResponseWriter, r *http.Request) {
	f, _ := os.CreateTemp("", "body")
	go func() { // want `goroutine uses r.Body but the handler does not wait for it: the server closes the body once the handler returns`
		io.Copy(f, r.Body)
		f.Close()
	}()
	w.WriteHeader(http.StatusAccepted)
}

// The handler gives up on the timeout path while the goroutine may still
// write to w.
func raceOnTimeout(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() { // want `goroutine uses w but the handler does not wait for it on every path: a write after the handler returns panics`
		defer close(done)
		json.NewEncoder(w).Encode(compute(context.Background()))
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

// The wait is on one path only.
func waitSometimes(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `goroutine uses w but the handler does not wait for it on every path`
		defer wg.Done()
		w.Write([]byte("partial"))
	}()
	if r.URL.Query().Get("sync") == "1" {
		wg.Wait()
	}
}

type svc struct{}

func (s *svc) record(r *http.Request) {}

// A method call handed the request.
func (s *svc) handle(w http.ResponseWriter, r *http.Request) {
	go s.record(r) // want `goroutine uses r but the handler does not wait for it: the request is finished when the handler returns`
	w.WriteHeader(http.StatusOK)
}

// wg.Go starts a goroutine too; nothing waits for it.
func waitGroupGo(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Go(func() { // want `goroutine uses w but the handler does not wait for it`
		w.Write([]byte("late"))
	})
}

// A helper that receives only the request starts the goroutine.
func logAsync(r *http.Request) {
	go func() { // want `goroutine uses r but the function does not wait for it: the request is finished`
		log.Println(r.Method, r.URL.Path)
	}()
}

// Started on one path, never waited for.
func traceSometimes(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	if r.Header.Get("X-Trace") != "" {
		go audit(ctx, "trace") // want `goroutine uses ctx but the handler does not wait for it: the request context is cancelled`
	}
	logAsync(r)
}

// A goroutine literal with its own parameters, handed w and r.
func passAll(w http.ResponseWriter, r *http.Request) {
	go func(w http.ResponseWriter, r *http.Request) { // want `goroutine uses w and r.WithContext\(r.Context\(\)\) but the handler does not wait for it`
		process(r.Context(), r)
		w.Write(nil)
	}(w, r.WithContext(r.Context()))
}

// ---- near misses ----

func waitGroupWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			fmt.Fprintf(w, "part %d\n", i)
			mu.Unlock()
		}()
	}
	wg.Wait()
}

func deferredWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.Write([]byte("x"))
	}()
}

func receiveResult(w http.ResponseWriter, r *http.Request) {
	ch := make(chan result)
	go func() { ch <- compute(r.Context()) }()
	res := <-ch
	json.NewEncoder(w).Encode(res)
}

// The handler waits for the result or gives up when the client leaves:
// cancelling the work is the point.
func resultOrCancel(w http.ResponseWriter, r *http.Request) {
	ch := make(chan result, 1)
	go func() { ch <- compute(r.Context()) }()
	select {
	case res := <-ch:
		json.NewEncoder(w).Encode(res)
	case <-r.Context().Done():
		return
	}
}

// Deliberately detached: copies of request values and a context that is
// not cancelled with the request.
func detached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	id := r.URL.Query().Get("id")
	go audit(ctx, id)
	w.WriteHeader(http.StatusAccepted)
}

// A goroutine that only watches the request context stops with it.
func watcher(w http.ResponseWriter, r *http.Request) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-r.Context().Done():
			log.Println("client left")
		case <-stop:
		}
	}()
	w.Write([]byte("ok"))
}

// The channel leaves the function: its receiver waits.
func startAsync(r *http.Request) <-chan result {
	ch := make(chan result, 1)
	go func() { ch <- compute(r.Context()) }()
	return ch
}

// Goroutines outside request scopes.
func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	go srv.ListenAndServe()
	go func() { log.Println("started") }()
}

// Client code: a RoundTripper receives a *http.Request too, but no
// handler hands it one.
type transport struct{ base http.RoundTripper }

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	go audit(req.Context(), req.URL.Host)
	return t.base.RoundTrip(req)
}

// Closing the body is harmless whenever it happens.
func closeLater(w http.ResponseWriter, r *http.Request) {
	go r.Body.Close()
	go func() {
		defer r.Body.Close()
		log.Println("bye")
	}()
}

// A helper that receives only the writer is server code.
func streamTo(w http.ResponseWriter, lines <-chan string) {
	go func() { // want `goroutine uses w but the function does not wait for it`
		for s := range lines {
			fmt.Fprintln(w, s)
		}
	}()
}
