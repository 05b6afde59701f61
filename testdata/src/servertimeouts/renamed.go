package servertimeouts

import (
	nethttp "net/http"
	stdtime "time"
)

func renamedImports(h nethttp.Handler) error {
	srv := &nethttp.Server{Addr: ":8080", Handler: h, WriteTimeout: 10 * stdtime.Second} // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
	if err := srv.ListenAndServe(); err != nil {
		return err
	}
	return nethttp.ListenAndServe(":8081", h) // want `http.ListenAndServe starts a server with no timeouts`
}
