package handlergoroutine

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

type batch struct {
	IDs  []string `json:"ids"`
	URLs []string `json:"urls"`
}

// ---- positives ----

func fanOutDecoded(w http.ResponseWriter, r *http.Request) {
	var req batch
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Add(1)
		go func() { // want `goroutine started for each element of req.IDs, which comes from the request, with no bound on how many run: one request can start unbounded goroutines`
			defer wg.Done()
			fetch(ctx, id)
		}()
	}
	wg.Wait()
}

func fanOutErrgroup(w http.ResponseWriter, r *http.Request) {
	var req batch
	json.NewDecoder(r.Body).Decode(&req)
	g, ctx := errgroup.WithContext(r.Context())
	for _, u := range req.URLs {
		g.Go(func() error { // want `goroutine started for each element of req.URLs`
			_, err := fetch(ctx, u)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

func fanOutQuery(w http.ResponseWriter, r *http.Request) {
	ids := strings.Split(r.URL.Query().Get("ids"), ",")
	results := make(chan int, len(ids))
	for i := 0; i < len(ids); i++ {
		go func() { // want `goroutine started for each element of ids`
			n, _ := fetch(r.Context(), ids[i])
			results <- n
		}()
	}
	for range ids {
		<-results
	}
}

// ---- near misses ----

func errgroupLimited(w http.ResponseWriter, r *http.Request) {
	var req batch
	json.NewDecoder(r.Body).Decode(&req)
	g, ctx := errgroup.WithContext(r.Context())
	g.SetLimit(8)
	for _, u := range req.URLs {
		g.Go(func() error {
			_, err := fetch(ctx, u)
			return err
		})
	}
	g.Wait()
}

func semaphore(w http.ResponseWriter, r *http.Request) {
	var req batch
	json.NewDecoder(r.Body).Decode(&req)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fetch(r.Context(), id)
		}()
	}
	wg.Wait()
}

func sizeChecked(w http.ResponseWriter, r *http.Request) {
	var req batch
	json.NewDecoder(r.Body).Decode(&req)
	if len(req.IDs) > 16 {
		http.Error(w, "too many ids", http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(r.Context(), id)
		}()
	}
	wg.Wait()
}

// A fixed pool of workers fed from the request data.
func workerPool(w http.ResponseWriter, r *http.Request) {
	var req batch
	json.NewDecoder(r.Body).Decode(&req)
	jobs := make(chan string)
	results := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			for id := range jobs {
				n, _ := fetch(r.Context(), id)
				results <- n
			}
		}()
	}
	go func() {
		for _, id := range req.IDs {
			jobs <- id
		}
		close(jobs)
	}()
	for range req.IDs {
		<-results
	}
}

// Fan-out over the server's own list, not over request data.
type checker struct{ backends []string }

func (c *checker) health(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, b := range c.backends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(r.Context(), b)
		}()
	}
	wg.Wait()
}

// Results collected by ranging over a channel that a closer goroutine
// closes once the workers are done.
func collect(w http.ResponseWriter, r *http.Request) {
	var req batch
	json.NewDecoder(r.Body).Decode(&req)
	if len(req.IDs) > 32 {
		return
	}
	out := make(chan int)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _ := fetch(r.Context(), id)
			out <- n
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	for n := range out {
		_ = n
	}
}

// A generic helper a handler hands its request to.
func eachID[T any](r *http.Request, parse func(string) T, f func(T)) {
	for _, s := range r.URL.Query()["id"] {
		go f(parse(s)) // want `goroutine started for each element of r.URL.Query\(\)\["id"\]`
	}
}

func genericFanOut(w http.ResponseWriter, r *http.Request) {
	eachID(r, func(s string) string { return s }, func(id string) {})
}
