package cancelcheck

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type event struct {
	ID   int
	Data string
}

var events = make(chan event)

// ---- streaming loops that outlive the client ----

// Server-sent events on a ticker: the classic shape.
func sseTicker(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for { // want `streaming loop writes to the response, discards the write errors and never checks the request context: it keeps running after the client has left; select on r.Context\(\).Done\(\)`
		select {
		case t := <-ticker.C:
			fmt.Fprintf(w, "data: %s\n\n", t.Format(time.RFC3339))
			flusher.Flush()
		}
	}
}

func sseRangeTicker(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	_ = ctx
	ticker := time.NewTicker(time.Second)
	for t := range ticker.C { // want `streaming loop .* select on ctx.Done\(\)`
		fmt.Fprintf(w, "data: %d\n\n", t.Unix())
		w.(http.Flusher).Flush()
	}
}

// Events from a broker channel that does not know about the request.
func sseEvents(w http.ResponseWriter, r *http.Request) {
	enc := json.NewEncoder(w)
	for ev := range events { // want `streaming loop`
		enc.Encode(ev)
		http.NewResponseController(w).Flush()
	}
}

// A long-poll loop that writes each message as it comes.
func longPollLoop(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	for { // want `streaming loop`
		m := <-messages
		_, _ = w.Write([]byte(m))
		_ = rc.Flush()
	}
}

// A helper writes each event; the loop cannot tell the client left.
func sseHelper(w http.ResponseWriter, r *http.Request) {
	for ev := range events { // want `streaming loop`
		writeEvent(w, ev)
	}
}

func writeEvent(w http.ResponseWriter, ev event) {
	fmt.Fprintf(w, "id: %d\ndata: %s\n\n", ev.ID, ev.Data)
	w.(http.Flusher).Flush()
}

// gin: c.Done() is nil unless the engine sets ContextWithFallback, so
// this case never fires.
func ginStream(c *gin.Context) {
	for { // want `streaming loop .* select on c.Request.Context\(\).Done\(\).*\*gin.Context's Done\(\) is nil unless the engine sets ContextWithFallback`
		select {
		case <-c.Done():
			return
		case ev := <-events:
			c.SSEvent("message", ev)
			c.Writer.Flush()
		}
	}
}

func echoStream(c echo.Context) error {
	res := c.Response()
	for ev := range events { // want `streaming loop .* select on c.Request\(\).Context\(\).Done\(\)`
		fmt.Fprintf(res, "data: %s\n\n", ev.Data)
		res.Flush()
	}
	return nil
}

// ---- near misses: the loop observes the client ----

func sseDone(w http.ResponseWriter, r *http.Request) {
	flusher := w.(http.Flusher)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case t := <-ticker.C:
			fmt.Fprintf(w, "data: %s\n\n", t)
			flusher.Flush()
		}
	}
}

// It stops on the first failed write: a client that left is noticed.
func stopsOnWriteError(w http.ResponseWriter, r *http.Request) {
	flusher := w.(http.Flusher)
	for ev := range events {
		if _, err := fmt.Fprintf(w, "data: %s\n\n", ev.Data); err != nil {
			return
		}
		flusher.Flush()
	}
}

func stopsOnFlushError(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	for {
		m := <-messages
		w.Write([]byte(m))
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

func checksErrEachRound(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	for {
		if ctx.Err() != nil {
			return
		}
		m := <-messages
		fmt.Fprintln(w, m)
		w.(http.Flusher).Flush()
	}
}

func loopCondition(w http.ResponseWriter, r *http.Request) {
	for r.Context().Err() == nil {
		fmt.Fprintln(w, <-messages)
		w.(http.Flusher).Flush()
	}
}

// The broker closes the subscription when the request context is done.
func subscription(w http.ResponseWriter, r *http.Request) {
	for ev := range subscribe(r.Context()) {
		fmt.Fprintf(w, "data: %s\n\n", ev.Data)
		w.(http.Flusher).Flush()
	}
}

func subscribe(ctx context.Context) <-chan event { return events }

func helperError(w http.ResponseWriter, r *http.Request) {
	for ev := range events {
		if err := send(w, ev); err != nil {
			return
		}
	}
}

func send(w http.ResponseWriter, ev event) error {
	_, err := fmt.Fprintf(w, "data: %s\n\n", ev.Data)
	return err
}

// A bounded loop over data already in hand: it ends by itself, even
// when it flushes each chunk.
func listItems(w http.ResponseWriter, r *http.Request) {
	for _, s := range []string{"a", "b", "c"} {
		fmt.Fprintln(w, s)
		w.(http.Flusher).Flush()
	}
}

// Lines of a command's output, as they come: it keeps reading and
// writing after the client has gone.
func tailLog(w http.ResponseWriter, r *http.Request, out *bufio.Scanner) {
	for out.Scan() { // want `streaming loop`
		fmt.Fprintln(w, out.Text())
		w.(http.Flusher).Flush()
	}
}

// A loop that reads a backend's header lines: its writes are error
// replies on the way out, not a stream.
func proxyHeaders(w http.ResponseWriter, r *http.Request, lines []string) {
	i := 0
	for {
		if i == len(lines) {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		line := lines[i]
		i++
		switch {
		case line == "":
			break
		case len(line) > 1024:
			http.Error(w, "header too long", http.StatusBadGateway)
			return
		}
		w.Header().Add("X-Upstream", line)
	}
}

// A full-duplex echo: reading the body fails once the client is gone.
func echoBody(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.EnableFullDuplex()
	buf := make([]byte, 512)
	for {
		n, err := r.Body.Read(buf)
		w.Write(buf[:n])
		rc.Flush()
		if err != nil {
			return
		}
	}
}

func echoLines(w http.ResponseWriter, r *http.Request) {
	lines := bufio.NewScanner(r.Body)
	for lines.Scan() {
		fmt.Fprintln(w, lines.Text())
		w.(http.Flusher).Flush()
	}
}

// gin's own Stream watches for the client leaving.
func ginOwnStream(c *gin.Context) {
	c.Stream(func(w interface{ Write([]byte) (int, error) }) bool {
		ev := <-events
		c.SSEvent("message", ev)
		return true
	})
}

func ginRequestContext(c *gin.Context) {
	for {
		select {
		case <-c.Request.Context().Done():
			return
		case ev := <-events:
			c.SSEvent("message", ev)
			c.Writer.Flush()
		}
	}
}

// The streaming goroutine is not the handler's path (handlergoroutine
// looks at goroutines that touch w).
func streamInGoroutine(w http.ResponseWriter, r *http.Request) {
	go func() {
		for ev := range events {
			fmt.Println(ev)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}
