package clienttimeouts

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Timeout assigned after the literal counts.
func laterTimeout() *http.Client {
	c := &http.Client{}
	c.Timeout = 10 * time.Second
	return c
}

func laterIdleConnTimeout() *http.Transport {
	t := &http.Transport{MaxIdleConns: 10}
	t.IdleConnTimeout = time.Minute
	return t
}

// Built once, in a package variable, in init or in main, with timeouts.
var apiClient = &http.Client{Timeout: 5 * time.Second}

var (
	client    *http.Client
	transport *http.Transport
)

func init() {
	transport = &http.Transport{IdleConnTimeout: 90 * time.Second, MaxIdleConnsPerHost: 16}
}

func main() {
	client = &http.Client{Timeout: 10 * time.Second, Transport: transport}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		resp, err := client.Get("http://upstream.internal/")
		if err == nil {
			resp.Body.Close()
		}
	})
}

type Config struct {
	Timeout     time.Duration
	IdleTimeout time.Duration
}

// Values from configuration are trusted.
func fromConfig(cfg Config) *http.Client {
	return &http.Client{
		Timeout:   cfg.Timeout,
		Transport: &http.Transport{IdleConnTimeout: cfg.IdleTimeout},
	}
}

// Every request of the client carries a deadline built here.
func deadlineOnEveryRequest(u string) error {
	c := &http.Client{}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ctx = context.WithValue(ctx, ctxKey{}, "trace")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type ctxKey struct{}

// DefaultClient with a request that carries a context: the caller's, or
// the request's own.
func defaultWithContext(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func forwardHandler(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, "http://upstream.internal/", nil)
	if err != nil {
		return
	}
	req = req.WithContext(r.Context())
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

// A Client without a Transport of its own shares http.DefaultTransport's
// pool: building one per request reuses connections.
func perRequestClient(w http.ResponseWriter, r *http.Request) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://upstream.internal/")
	if err == nil {
		resp.Body.Close()
	}
}

// One Transport per host, built in a loop and kept for reuse.
func clientsByHost(hosts []string) map[string]*http.Client {
	m := make(map[string]*http.Client)
	for _, h := range hosts {
		m[h] = &http.Client{
			Timeout:   10 * time.Second,
			Transport: &http.Transport{IdleConnTimeout: 90 * time.Second},
		}
	}
	return m
}

// Built lazily, once, from a handler.
var (
	lazyOnce      sync.Once
	lazyTransport *http.Transport
)

func lazyHandler(w http.ResponseWriter, r *http.Request) {
	lazyOnce.Do(func() {
		lazyTransport = &http.Transport{IdleConnTimeout: 90 * time.Second}
	})
}

// A clone of DefaultTransport keeps its 90s IdleConnTimeout.
func tunedDefault() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}

// Client code that sends a request it is given is not a request scope.
func sendThroughProxy(req *http.Request, proxy func(*http.Request) (*url.URL, error)) (*http.Response, error) {
	t := &http.Transport{Proxy: proxy, IdleConnTimeout: time.Second}
	defer t.CloseIdleConnections()
	return t.RoundTrip(req)
}

// A one-off Transport whose idle connections are closed before it is
// dropped holds no pool, even when built per request.
func dumpUpstream(w http.ResponseWriter, r *http.Request) {
	t := &http.Transport{DisableKeepAlives: true}
	defer t.CloseIdleConnections()
	resp, err := t.RoundTrip(r.Clone(r.Context()))
	if err == nil {
		resp.Body.Close()
	}
}

func oneOffClient(u string) (*http.Response, error) {
	c := &http.Client{Timeout: time.Second, Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	return c.Get(u)
}

// A function literal built in a loop but called later runs once per call,
// not once per iteration.
func handlersFor(hosts []string, mux *http.ServeMux) {
	for _, h := range hosts {
		newTransport := func() *http.Transport {
			return &http.Transport{IdleConnTimeout: 90 * time.Second}
		}
		mux.Handle("/"+h, &forwarder{transport: newTransport()})
	}
}

type forwarder struct{ transport *http.Transport }

func (f *forwarder) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

// A deliberate exception, silenced with a reason.
//
//resetlint:ignore clienttimeouts streams server-sent events for hours; requests carry the caller's context
var streamClient = &http.Client{}

// The caller's context, reassigned with a deadline before the request is
// built: every request the client sends has a deadline.
func deadlineOnParam(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	c := http.Client{}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
