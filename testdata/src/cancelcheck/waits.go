// Package cancelcheck holds the fixtures of the cancelcheck pass.
package cancelcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"time"

	"cancelcheck/waiter"
)

var (
	messages = make(chan string)
	jobs     = make(chan []byte)
	cond     = sync.NewCond(&sync.Mutex{})
	ready    bool
)

// ---- writes after a blocking wait ----

// A long-poll handler: it waits for the next message and writes it, even
// if the client gave up long ago.
func longPoll(w http.ResponseWriter, r *http.Request) {
	msg := <-messages
	fmt.Fprint(w, msg) // want `fmt.Fprint writes to the response after a receive from messages \(line \d+\) with no check of the request context`
}

func commaOk(w http.ResponseWriter, r *http.Request) {
	b, ok := <-jobs
	if !ok {
		http.Error(w, "closed", http.StatusServiceUnavailable) // want `http.Error writes to the response after a receive from jobs`
		return
	}
	w.Write(b) // want `w.Write writes to the response after a receive from jobs`
}

// A select with a timeout but no case on the request context still waits
// for a client that may be gone.
func selectTimeout(w http.ResponseWriter, r *http.Request) {
	select {
	case m := <-messages:
		json.NewEncoder(w).Encode(m) // want `json.NewEncoder\(...\).Encode writes to the response after a select with no case on the request context's Done\(\)`
	case <-time.After(30 * time.Second):
		w.WriteHeader(http.StatusNoContent) // want `w.WriteHeader writes to the response after a select`
	}
}

type server struct{ quit chan struct{} }

// Selecting on the server's shutdown channel does not observe the client.
func (s *server) watch(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.quit:
		return
	case m := <-messages:
		w.Header().Set("Content-Type", "text/plain")
		say(w, m) // want `say writes to the response after a select`
	}
}

// say is a local helper that writes what it is given.
func say(w http.ResponseWriter, s string) { fmt.Fprintln(w, s) }

func waitGroup(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = slowSum(i)
		}()
	}
	wg.Wait()
	json.NewEncoder(w).Encode(results) // want `json.NewEncoder\(...\).Encode writes to the response after wg.Wait\(\)`
}

func slowSum(n int) int { return n }

func condWait(w http.ResponseWriter, r *http.Request) {
	cond.L.Lock()
	for !ready {
		cond.Wait()
	}
	cond.L.Unlock()
	w.WriteHeader(http.StatusOK) // want `w.WriteHeader writes to the response after cond.Wait\(\)`
}

func afterTimer(w http.ResponseWriter, r *http.Request) {
	<-time.After(2 * time.Second)
	w.Write([]byte("done")) // want `w.Write writes to the response after a receive from time.After\(2 \* time.Second\)`
}

// A helper in another package blocks: its fact says so.
func pollOther(w http.ResponseWriter, r *http.Request) {
	m := waiter.Next(r, r.URL.Query().Get("id"))
	fmt.Fprint(w, m) // want `fmt.Fprint writes to the response after waiter.Next \(it waits in a receive from queue\(id\)\)`
}

// A local helper blocks; the write comes back in the caller.
func waitJob(r *http.Request) []byte { // want waitJob:`blocking\(blocks=always`
	return <-jobs
}

func pollLocal(w http.ResponseWriter, r *http.Request) {
	b := waitJob(r)
	w.Write(b) // want `w.Write writes to the response after waitJob`
}

// A generic helper blocks too.
func waitFirst[T any](r *http.Request, ch <-chan T) T { // want waitFirst:`blocking\(blocks=always checks=never via=a receive from ch\)`
	return <-ch
}

func genericCaller(w http.ResponseWriter, r *http.Request) {
	b := waitFirst(r, jobs)
	w.Write(b) // want `w.Write writes to the response after waitFirst`
}

// Recursion settles: the summary is the wait at the bottom.
func waitNth(r *http.Request, n int) string { // want waitNth:`blocking\(blocks=always checks=never via=a receive from messages\)`
	if n == 0 {
		return <-messages
	}
	return waitNth(r, n-1)
}

func recursiveCaller(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, waitNth(r, 3)) // want `fmt.Fprint writes to the response after waitNth \(it waits in a receive from messages\)`
}

// A loop that drains a job channel: the error reply on the way out is a
// write after a wait like any other.
func drainJobs(w http.ResponseWriter, r *http.Request) {
	for {
		b, ok := <-jobs
		if !ok {
			http.Error(w, "queue closed", http.StatusServiceUnavailable) // want `http.Error writes to the response after a receive from jobs`
			return
		}
		log.Printf("job of %d bytes", len(b))
	}
}

// ---- helpers after a wait: a write when they send something ----

// A helper of another package writes: its response flow says so.
func relayOther(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	waiter.Reply(w, m) // want `waiter.Reply writes to the response after a receive from messages`
}

// A helper that replies on one path only is a write on that path.
func relayChecked(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	if failed(w, validate(m)) { // want `failed writes to the response after a receive from messages`
		return
	}
	fmt.Fprint(w, m)
}

func failed(w http.ResponseWriter, err error) bool {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return true
	}
	return false
}

func validate(m string) error {
	if m == "" {
		return errors.New("empty message")
	}
	return nil
}

// A closure that writes, called after the wait.
func closureReply(w http.ResponseWriter, r *http.Request) {
	reply := func(s string) { fmt.Fprint(w, s) }
	reply(<-messages) // want `reply writes to the response after a receive from messages`
}

// A helper that only sets headers sends nothing: the write after it is
// the first one after the wait.
func headersThenWrite(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	noCache(w)
	waiter.NoCache(w)
	fmt.Fprint(w, m) // want `fmt.Fprint writes to the response after a receive from messages`
}

func noCache(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }

// A helper handed the writer as a plain io.Writer is not followed: it
// is taken to write, as is an interface method handed the writer.
func renderPlain(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	render(w, m) // want `render writes to the response after a receive from messages`
}

func render(out io.Writer, s string) { fmt.Fprint(out, s) }

type renderer interface {
	Render(w http.ResponseWriter, v any)
}

func renderVia(rd renderer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m := <-messages
		rd.Render(w, m) // want `Render writes to the response after a receive from messages`
	}
}

// ---- near misses: the helper after the wait sends nothing ----

func headersAfterWait(w http.ResponseWriter, r *http.Request) {
	<-messages
	noCache(w)
}

func otherHeadersAfterWait(w http.ResponseWriter, r *http.Request) {
	<-messages
	waiter.NoCache(w)
}

// A helper handed the writer that does nothing to the response.
func describedAfterWait(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	describe(w, m)
}

func describe(w http.ResponseWriter, m string) { log.Printf("%T got %q", w, m) }

func closureHeaders(w http.ResponseWriter, r *http.Request) {
	setType := func() { w.Header().Set("Content-Type", "text/plain") }
	<-messages
	setType()
}

// A loop that only sets headers (trailers) each round streams nothing.
func trailersLoop(w http.ResponseWriter, r *http.Request) {
	for m := range messages {
		addTrailer(w, m)
	}
}

func addTrailer(w http.ResponseWriter, m string) {
	w.Header().Add(http.TrailerPrefix+"X-Message", m)
}

// ---- near misses: a check lies between the wait and the write ----

func selectDone(w http.ResponseWriter, r *http.Request) {
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	case <-r.Context().Done():
		return
	}
}

func selectCtxVar(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	case <-ctx.Done():
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

func doneVariable(w http.ResponseWriter, r *http.Request) {
	done := r.Context().Done()
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	case <-done:
	}
}

func errCheck(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	if r.Context().Err() != nil {
		return
	}
	fmt.Fprint(w, m)
}

func errCheckVar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	wg := sync.WaitGroup{}
	wg.Add(1)
	go func() { defer wg.Done(); slowSum(1) }()
	wg.Wait()
	if errors.Is(ctx.Err(), context.Canceled) {
		return
	}
	w.WriteHeader(http.StatusOK)
}

// A context made from the request context by a call (a tracing span, a
// logger) is the request context.
func traced(w http.ResponseWriter, r *http.Request) {
	ctx, end := startSpan(r.Context(), "poll")
	defer end()
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	case <-ctx.Done():
	}
}

func startSpan(ctx context.Context, name string) (context.Context, func()) { return ctx, func() {} }

// The incoming request under another name.
func renamedRequest(w http.ResponseWriter, r *http.Request) {
	req := withVars(r, "id")
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	case <-req.Context().Done():
	}
}

func withVars(r *http.Request, k string) *http.Request { return r }

// A helper of another package checks the context.
func checkedByHelper(w http.ResponseWriter, r *http.Request) {
	m := <-messages
	if waiter.Gone(r) {
		return
	}
	fmt.Fprint(w, m)
}

func waitsWithHelper(w http.ResponseWriter, r *http.Request) {
	m, err := waiter.NextOrGone(r, "a")
	if err != nil {
		return
	}
	fmt.Fprint(w, m)
}

// A context-aware call between the wait and the write reports the
// client leaving as an error.
func ctxCall(w http.ResponseWriter, r *http.Request) {
	id := <-messages
	v, err := lookup(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprint(w, v)
}

func lookup(ctx context.Context, id string) (string, error) { return id, ctx.Err() }

// An outgoing request built on the request context: the client call
// returns with an error once the client has gone.
func proxied(w http.ResponseWriter, r *http.Request) {
	url := <-messages
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, url, nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

// ---- near misses: the receive cannot outlast the request ----

// The goroutine's outgoing request carries the request context.
func awareFetch(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://upstream/", nil)
	done := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- http.StatusBadGateway
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	w.WriteHeader(<-done)
}

// The goroutine feeding the channel observes the request context.
func awareProducer(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	res := make(chan string, 1)
	go func() {
		v, _ := lookup(ctx, "x")
		res <- v
	}()
	fmt.Fprint(w, <-res)
}

func awareWaitGroup(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	out := make([]string, 2)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], _ = lookup(r.Context(), "k")
		}()
	}
	wg.Wait()
	json.NewEncoder(w).Encode(out)
}

// The channel comes from a call given the request context.
func subscribed(w http.ResponseWriter, r *http.Request) {
	ev := <-watch(r.Context(), "key")
	fmt.Fprint(w, ev)
}

func watch(ctx context.Context, key string) <-chan string { return make(chan string) }

// Draining a channel the handler itself filled and closed never blocks.
func drained(w http.ResponseWriter, r *http.Request) {
	res := make(chan int, 3)
	for i := range 3 {
		res <- i
	}
	close(res)
	for v := range res {
		fmt.Fprintln(w, v)
	}
}

// A semaphore released by receiving the token the handler sent.
var sem = make(chan struct{}, 4)

func semaphore(w http.ResponseWriter, r *http.Request) {
	sem <- struct{}{}
	n := slowSum(2)
	<-sem
	fmt.Fprint(w, n)
}

// A non-blocking poll.
func poll(w http.ResponseWriter, r *http.Request) {
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// A helper given a context parameter: callers hand it the request
// context, so its select observes the client.
func waitFor(ctx context.Context, w http.ResponseWriter) { // want waitFor:`blocking\(blocks=never checks=always`
	select {
	case m := <-messages:
		fmt.Fprint(w, m)
	case <-ctx.Done():
	}
}

// ---- near misses: no write after the wait, or not on the handler path ----

func waitThenReturn(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	<-messages
}

func detached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go func() {
		m := <-messages
		audit(ctx, m)
	}()
	w.WriteHeader(http.StatusAccepted)
}

func audit(ctx context.Context, m string) { log.Println(m) }

func notAHandler() {
	m := <-messages
	fmt.Fprint(os.Stdout, m)
}
