package clienttimeouts

import (
	"net"
	"net/http"
	"time"
)

const timeoutSeconds = 30

func unitless() *http.Client {
	dialer := &net.Dialer{Timeout: 5} // want `Timeout: 5 means 5ns \(a unit-less duration is nanoseconds\): every dial fails at once`
	return &http.Client{
		Timeout: timeoutSeconds, // want `Timeout: timeoutSeconds means 30ns \(a unit-less duration is nanoseconds\): every request through this client fails at once`
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			IdleConnTimeout:     90,       // want `IdleConnTimeout: 90 means 90ns \(a unit-less duration is nanoseconds\): pooled connections are closed the moment they go idle and never reused`
			TLSHandshakeTimeout: 10 * 1e3, // want `TLSHandshakeTimeout: 10 \* 1e3 means 10µs \(a unit-less duration is nanoseconds\): every TLS handshake fails at once`
		},
	}
}

func assigned(c *http.Client, t *http.Transport) {
	c.Timeout = 30               // want `Timeout: 30 means 30ns`
	t.ResponseHeaderTimeout = 15 // want `ResponseHeaderTimeout: 15 means 15ns \(a unit-less duration is nanoseconds\): every request fails waiting for the response headers`
	t.ExpectContinueTimeout = time.Second
}
