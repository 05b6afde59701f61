package clienttimeouts

import (
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func proxy(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{IdleConnTimeout: 90 * time.Second}, // want `http.Transport built on every request: its connections are never reused, so each request dials a new one and leaves it open as an idle connection`
	}
	resp, err := client.Get("http://upstream.internal/data")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func (s *service) relay(w http.ResponseWriter, r *http.Request) {
	tr := &http.Transport{IdleConnTimeout: 30 * time.Second} // want `http.Transport built on every request`
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, s.upstream, nil)
	resp, err := c.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

type service struct{ upstream string }

func cloned(w http.ResponseWriter, r *http.Request) {
	t := http.DefaultTransport.(*http.Transport).Clone() // want `http.Transport cloned on every request`
	t.MaxIdleConnsPerHost = 4
	resp, err := t.RoundTrip(r.Clone(r.Context()))
	if err == nil {
		resp.Body.Close()
	}
}

func ginHandler(c *gin.Context) {
	rt := &http.Transport{IdleConnTimeout: time.Minute} // want `http.Transport built on every request`
	resp, err := (&http.Client{Transport: rt, Timeout: time.Second}).Get("http://upstream.internal/")
	if err == nil {
		resp.Body.Close()
	}
}

func crawl(urls []string) {
	for _, u := range urls {
		c := &http.Client{
			Timeout:   10 * time.Second,
			Transport: &http.Transport{IdleConnTimeout: 90 * time.Second}, // want `http.Transport built on every loop iteration: its connections are never reused, so each loop iteration dials a new one and leaves it open as an idle connection`
		}
		resp, err := c.Get(u)
		if err == nil {
			resp.Body.Close()
		}
	}
}

func fanOut(reqs []*http.Request) {
	for _, req := range reqs {
		go func() {
			resp, err := (&http.Transport{IdleConnTimeout: time.Minute}).RoundTrip(req) // want `http.Transport built on every loop iteration`
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
}
