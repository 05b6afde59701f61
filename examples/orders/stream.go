package orders

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// An OrderEvent tells the dashboard that an order changed status.
type OrderEvent struct {
	OrderID int64  `json:"order_id"`
	Status  string `json:"status"`
}

// broker fans order events out to the subscribers of /events and
// /orders/{id}/wait.
type broker struct {
	mu   sync.Mutex
	subs map[chan OrderEvent]struct{}
}

func newBroker() *broker { return &broker{subs: make(map[chan OrderEvent]struct{})} }

func (b *broker) subscribe() chan OrderEvent {
	ch := make(chan OrderEvent, 16)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch
}

func (b *broker) unsubscribe(ch chan OrderEvent) {
	b.mu.Lock()
	delete(b.subs, ch)
	b.mu.Unlock()
}

// publish never blocks: a subscriber that falls behind misses events.
func (b *broker) publish(ev OrderEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

// handleEvents streams order events to the dashboard as server-sent
// events, with a heartbeat so that proxies keep the connection open.
func (a *API) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")

	sub := a.events.subscribe()
	defer a.events.unsubscribe(sub)
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	// resetlint: cancelcheck — no ctx.Done() case, write errors dropped: streams to a gone client forever
	for {
		select {
		case ev := <-sub:
			fmt.Fprint(w, "event: order\ndata: ")
			json.NewEncoder(w).Encode(ev)
			fmt.Fprint(w, "\n")
		case <-heartbeat.C:
			fmt.Fprint(w, ": heartbeat\n\n")
		}
		flusher.Flush()
	}
}

// handleWaitOrder is correct: it long-polls until the order changes or
// 25s pass, and stops waiting as soon as the client goes away.
func (a *API) handleWaitOrder(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad order id", http.StatusBadRequest)
		return
	}
	sub := a.events.subscribe()
	defer a.events.unsubscribe(sub)
	timeout := time.NewTimer(25 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case ev := <-sub:
			if ev.OrderID == id {
				writeJSON(w, http.StatusOK, ev)
				return
			}
		case <-timeout.C:
			w.WriteHeader(http.StatusNoContent)
			return
		case <-r.Context().Done():
			return // the client gave up: nobody to answer
		}
	}
}
