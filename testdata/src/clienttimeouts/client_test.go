package clienttimeouts

import (
	"net/http"
	"testing"
)

func TestFetch(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/")
	if err == nil {
		resp.Body.Close()
	}
	_ = &http.Client{Transport: &http.Transport{}}
}
