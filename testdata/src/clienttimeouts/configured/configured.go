// Package configured gives http.DefaultClient a timeout, so its default
// requests are bounded.
package configured

import (
	"net/http"
	"time"
)

func init() {
	http.DefaultClient.Timeout = 30 * time.Second
}

func fetch(u string) (*http.Response, error) {
	return http.Get(u)
}

func fetchDefault(u string) (*http.Response, error) {
	return http.DefaultClient.Get(u)
}
