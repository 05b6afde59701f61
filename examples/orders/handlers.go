// Package orders is the orders and inventory API of orderd: JSON handlers
// over a PostgreSQL store, a client of the warehouse API, and a live event
// stream. It is resetlint's demo target and is wrong on purpose: every
// planted anti-pattern is marked with a comment naming the pass that
// reports it.
package orders

import (
	"bytes"
	"context"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxBodyBytes bounds the JSON bodies the API accepts.
const maxBodyBytes = 1 << 20

// carrierURL books a courier for an order.
const carrierURL = "https://api.carrier.example/v2/shipments"

// API serves the orders and inventory endpoints.
type API struct {
	store     *Store
	warehouse *Warehouse
	events    *broker
}

// New returns the API over db, with stock levels from the warehouse API at
// warehouseURL.
func New(db *sql.DB, warehouseURL string) *API {
	return &API{store: &Store{db: db}, warehouse: NewWarehouse(warehouseURL), events: newBroker()}
}

// Handler returns the API's routes behind its middleware.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", a.handleCreateOrder)
	mux.HandleFunc("GET /orders/{id}", a.handleGetOrder)
	mux.HandleFunc("GET /orders/{id}/wait", a.handleWaitOrder)
	mux.HandleFunc("POST /orders/{id}/cancel", a.handleCancelOrder)
	mux.HandleFunc("POST /orders/{id}/ship", a.handleShipOrder)
	mux.HandleFunc("POST /quotes", a.handleQuote)
	mux.HandleFunc("GET /inventory/low", a.handleLowStock)
	mux.HandleFunc("PUT /inventory/{sku}", a.handleSetStock)
	mux.HandleFunc("GET /events", a.handleEvents)
	mux.Handle("GET /warehouse/", a.warehouse)
	return requestLog(a.audit(mux))
}

func (a *API) handleGetOrder(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad order id", http.StatusBadRequest)
		return
	}
	// resetlint: ctxpropagation — context.Background(): the query runs on after the client left
	o, err := a.store.Order(context.Background(), id)
	if err != nil {
		writeError(w, err) // resetlint: doublewrite — no return: the 200 below is written as well
	}
	writeJSON(w, http.StatusOK, o)
}

type createOrderRequest struct {
	Customer string `json:"customer"`
	Lines    []Line `json:"lines"`
}

func (a *API) handleCreateOrder(w http.ResponseWriter, r *http.Request) {
	var req createOrderRequest
	// resetlint: bodylimit — json.NewDecoder(r.Body) with no http.MaxBytesReader
	// resetlint: handlererrors — the decode error is dropped: a malformed body becomes an empty order
	json.NewDecoder(r.Body).Decode(&req)

	// Ask the warehouse about every line at once.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		missing []string
	)
	for _, line := range req.Lines {
		wg.Add(1)
		// resetlint: handlergoroutine — one goroutine per line of the request body, no bound
		go func() {
			defer wg.Done()
			n, err := a.warehouse.Stock(r.Context(), line.SKU)
			if err != nil || n < line.Qty {
				mu.Lock()
				missing = append(missing, line.SKU)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if r.Context().Err() != nil {
		return // the client left while we asked the warehouse
	}
	if len(missing) > 0 {
		writeJSON(w, http.StatusConflict, map[string][]string{"out_of_stock": missing})
		return
	}

	o := &Order{Customer: req.Customer, Status: "pending", Lines: req.Lines}
	if err := a.store.CreateOrder(r.Context(), o); err != nil {
		writeError(w, err)
		return
	}
	a.events.publish(OrderEvent{OrderID: o.ID, Status: o.Status})
	w.Header().Set("Location", fmt.Sprintf("/orders/%d", o.ID))
	writeJSON(w, http.StatusCreated, o)
}

func (a *API) handleCancelOrder(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		panic(err) // resetlint: handlerexit — the client gets a reset instead of a 400
	}
	// resetlint: handlererrors — logged, then the handler replies 200 as if the order were cancelled
	if err := a.store.SetStatus(r.Context(), id, "cancelled"); err != nil {
		log.Printf("cancel order %d: %v", id, err)
	}
	a.events.publish(OrderEvent{OrderID: id, Status: "cancelled"})
	writeJSON(w, http.StatusOK, map[string]string{"status": "cancelled"})
}

func (a *API) handleShipOrder(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad order id", http.StatusBadRequest)
		return
	}
	o, err := a.store.Order(r.Context(), id)
	if err != nil {
		writeError(w, err)
		return
	}
	shipment, err := json.Marshal(map[string]any{"reference": o.ID, "recipient": o.Customer})
	if err != nil {
		writeError(w, err)
		return
	}

	// The carrier only accepts TLS 1.3.
	carrier := &http.Client{
		Timeout: 5 * time.Second,
		// resetlint: clienttimeouts — a new Transport for every request: no connection reuse
		Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS13}},
	}
	var resp *http.Response
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, carrierURL, bytes.NewReader(shipment))
		if err != nil {
			writeError(w, err)
			return
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err = carrier.Do(req)
		if err == nil && resp.StatusCode < 500 {
			break
		}
		if err == nil {
			resp.Body.Close()
		}
		if attempt == 3 {
			http.Error(w, "carrier unavailable", http.StatusBadGateway)
			return
		}
		// resetlint: cancelcheck — time.Sleep: the backoff goes on after the client left
		time.Sleep(time.Duration(attempt) * 500 * time.Millisecond)
	}
	defer resp.Body.Close()

	var label struct {
		Tracking string `json:"tracking_number"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&label); err != nil {
		http.Error(w, "unreadable carrier reply", http.StatusBadGateway)
		return
	}
	if err := a.store.SetStatus(r.Context(), id, "shipped"); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, label)
}

// handleQuote prices a basket without creating an order.
func (a *API) handleQuote(w http.ResponseWriter, r *http.Request) {
	// resetlint: bodylimit — io.ReadAll(r.Body): one client can make the server buffer gigabytes
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	var basket []Line
	if err := json.Unmarshal(data, &basket); err != nil {
		// resetlint: doublewrite — no return after http.Error: a 200 and a quote follow the 400
		http.Error(w, "bad basket: "+err.Error(), http.StatusBadRequest)
	}
	var total int64
	for _, l := range basket {
		unit, err := lookupPrice(l.SKU)
		if err != nil {
			http.Error(w, "pricing unavailable", http.StatusBadGateway)
			return
		}
		total += unit * int64(l.Qty)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "{\"total_cents\":%d}\n", total)
}

// handleLowStock lists the SKUs under their reorder point.
func (a *API) handleLowStock(w http.ResponseWriter, r *http.Request) {
	// resetlint: ctxpropagation — db.Query where QueryContext exists: the scan outlives the request
	rows, err := a.store.db.Query(`SELECT sku, on_hand FROM inventory WHERE on_hand < reorder_point ORDER BY sku`)
	if err != nil {
		log.Fatalf("low stock: %v", err) // resetlint: handlerexit — one failed query stops the whole server
	}
	defer rows.Close()
	var low []StockLevel
	for rows.Next() {
		var s StockLevel
		must(rows.Scan(&s.SKU, &s.OnHand)) // resetlint: handlerexit — must panics: the client gets a reset
		low = append(low, s)
	}
	writeJSON(w, http.StatusOK, low)
}

// handleSetStock is correct: the body is bounded, every error is answered
// and followed by a return, and the store call carries r.Context().
func (a *API) handleSetStock(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	var level StockLevel
	if err := json.NewDecoder(r.Body).Decode(&level); err != nil {
		http.Error(w, "bad stock level: "+err.Error(), http.StatusBadRequest)
		return
	}
	level.SKU = r.PathValue("sku")
	if err := a.store.SetStock(r.Context(), level); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	if errors.Is(err, ErrNotFound) {
		status = http.StatusNotFound
	}
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
