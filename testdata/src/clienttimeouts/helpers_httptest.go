package clienttimeouts

import (
	"net/http"
	"net/http/httptest"
)

// Test helpers talk to test servers.
func getFromTestServer(h http.Handler) (*http.Response, error) {
	ts := httptest.NewServer(h)
	defer ts.Close()
	c := &http.Client{}
	if _, err := c.Get(ts.URL); err != nil {
		return nil, err
	}
	return http.Get(ts.URL)
}
