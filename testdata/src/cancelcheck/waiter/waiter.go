// Package waiter holds request helpers used by the cancelcheck fixtures
// from another package: what they do travels as facts.
package waiter

import (
	"net/http"
	"sync"
)

var (
	mu     sync.Mutex
	queues = map[string]chan string{}
)

func queue(id string) chan string {
	mu.Lock()
	defer mu.Unlock()
	q, ok := queues[id]
	if !ok {
		q = make(chan string)
		queues[id] = q
	}
	return q
}

// Next waits for the next message of a long-poll queue. It is handed the
// request and never looks at its context.
func Next(r *http.Request, id string) string { // want Next:`blocking\(blocks=always checks=never via=a receive from queue\(id\)\)`
	return <-queue(id)
}

// NextOrGone waits for the next message or for the client to leave.
func NextOrGone(r *http.Request, id string) (string, error) { // want NextOrGone:`blocking\(blocks=never checks=always`
	select {
	case m := <-queue(id):
		return m, nil
	case <-r.Context().Done():
		return "", r.Context().Err()
	}
}

// Gone reports whether the client has left.
func Gone(r *http.Request) bool { // want Gone:`blocking\(blocks=never checks=always`
	return r.Context().Err() != nil
}

// Label takes the request and neither waits nor checks: no fact.
func Label(r *http.Request) string { return r.URL.Path }

// Reply writes the message: a write wherever it is called.
func Reply(w http.ResponseWriter, m string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(m))
}

// NoCache only sets a header: nothing is sent until the caller writes.
func NoCache(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}
