package clienttimeouts

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

func fetch(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `http.Get uses http.DefaultClient, which has no timeout: a stalled server hangs this request, and the goroutine making it, forever`
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func probe(u string) error {
	_, err := http.Head(u) // want `http.Head uses http.DefaultClient, which has no timeout`
	return err
}

func send(u string, body io.Reader) (*http.Response, error) {
	return http.Post(u, "application/json", body) // want `http.Post uses http.DefaultClient, which has no timeout`
}

func submit(u string, form url.Values) (*http.Response, error) {
	return http.PostForm(u, form) // want `http.PostForm uses http.DefaultClient, which has no timeout`
}

func defaultDo(u string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want `http.DefaultClient has no timeout: a stalled server hangs this request, and the goroutine making it, forever`
}

func defaultGet(u string) (*http.Response, error) {
	return http.DefaultClient.Get(u) // want `http.DefaultClient has no timeout`
}

// context.Background() carries no deadline and is never cancelled.
func backgroundContext(u string) (*http.Response, error) {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want `http.DefaultClient has no timeout`
}

// WithoutCancel drops the caller's deadline and cancellation.
func detachedContext(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want `http.DefaultClient has no timeout`
}

// A local name for the default client is still the default client (no
// fix: the name may be used elsewhere).
func aliased(u string) (*http.Response, error) {
	client := http.DefaultClient
	return client.Get(u) // want `http.DefaultClient has no timeout`
}

// Values added to a background context do not bound it.
func withValues(u string, traceID string) (*http.Response, error) {
	ctx := context.Background()
	ctx = context.WithValue(ctx, traceKey{}, traceID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want `http.DefaultClient has no timeout`
}

type traceKey struct{}
