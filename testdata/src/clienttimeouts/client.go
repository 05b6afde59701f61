package clienttimeouts

import (
	"context"
	"net/http"
	"time"
)

var sharedClient = &http.Client{} // want `http.Client has no Timeout: a stalled server hangs its requests, and the goroutines making them, forever`

func newClient(rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: rt} // want `http.Client has no Timeout`
}

func newClientWithNew() *http.Client {
	c := new(http.Client) // want `http.Client has no Timeout`
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

func zeroClient(u string) (*http.Response, error) {
	var c http.Client // want `http.Client has no Timeout`
	return c.Get(u)
}

// An explicit zero is no timeout at all.
func explicitZero() *http.Client {
	return &http.Client{Timeout: 0} // want `http.Client has no Timeout`
}

// The caller's context may have no deadline: the client needs its own.
func callerContext(ctx context.Context, u string) (*http.Response, error) {
	c := &http.Client{} // want `http.Client has no Timeout`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

func pooled() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{ // want `http.Transport has no IdleConnTimeout: pooled connections stay open until the server drops them, and the next request sent on one gets a connection reset`
			MaxIdleConnsPerHost: 32,
		},
	}
}

func newTransport() *http.Transport {
	t := &http.Transport{} // want `http.Transport has no IdleConnTimeout`
	t.MaxIdleConns = 100
	return t
}

func newTransportWithNew() http.RoundTripper {
	return new(http.Transport) // want `http.Transport has no IdleConnTimeout`
}

var defaultTransport = &http.Transport{MaxIdleConnsPerHost: 8} // want `http.Transport has no IdleConnTimeout`

// The parameter reassigned only with a cancel function: nothing bounds
// the request.
func cancelOnParam(ctx context.Context, url string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	c := http.Client{} // want `http.Client has no Timeout`
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
