package orders

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Warehouse is a client of the warehouse API, which owns stock levels.
type Warehouse struct {
	baseURL string
	client  *http.Client
}

func NewWarehouse(baseURL string) *Warehouse {
	return &Warehouse{
		baseURL: strings.TrimSuffix(baseURL, "/"),
		// resetlint: clienttimeouts — http.Client{} with no Timeout: a stalled warehouse hangs every caller
		client: &http.Client{
			// resetlint: clienttimeouts — http.Transport{} with no IdleConnTimeout: stale pooled connections reset
			Transport: &http.Transport{MaxIdleConnsPerHost: 32},
		},
	}
}

// Stock returns the units of sku on hand.
func (c *Warehouse) Stock(ctx context.Context, sku string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/stock/"+url.PathEscape(sku), nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("warehouse: stock of %s: %s", sku, resp.Status)
	}
	var level StockLevel
	if err := json.NewDecoder(resp.Body).Decode(&level); err != nil {
		return 0, fmt.Errorf("warehouse: stock of %s: %w", sku, err)
	}
	return level.OnHand, nil
}

// ServeHTTP passes GET /warehouse/... through to the warehouse API, so that
// the dashboard can read bin locations without a second origin.
func (c *Warehouse) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := c.baseURL + strings.TrimPrefix(r.URL.Path, "/warehouse")
	// resetlint: ctxpropagation — http.NewRequest: the upstream call goes on after the client left
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		http.Error(w, "warehouse unavailable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	// resetlint: doublewrite — header set after WriteHeader: the client never sees it
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	io.Copy(w, resp.Body)
}

// pricingURL is the pricing service. Prices change during the day, so
// they are fetched for every quote.
const pricingURL = "http://pricing.internal/v1/prices/"

// lookupPrice returns the unit price of sku in cents.
func lookupPrice(sku string) (int64, error) {
	// resetlint: clienttimeouts — http.Get goes through http.DefaultClient, which has no timeout
	resp, err := http.Get(pricingURL + url.PathEscape(sku))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("pricing: %s: %s", sku, resp.Status)
	}
	var p struct {
		UnitCents int64 `json:"unit_cents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return 0, fmt.Errorf("pricing: %s: %w", sku, err)
	}
	return p.UnitCents, nil
}
