// Package transportonly changes http.DefaultClient's Transport, not its
// timeout: its default requests are still unbounded.
package transportonly

import "net/http"

func init() {
	http.DefaultClient.Transport = &http.Transport{Proxy: nil, IdleConnTimeout: 0} // want `http.Transport has no IdleConnTimeout`
}

func fetch(u string) (*http.Response, error) {
	return http.Get(u) // want `http.Get uses http.DefaultClient, which has no timeout`
}
