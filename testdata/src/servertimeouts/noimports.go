package servertimeouts

func serveAlias(addr string) error {
	srv := &Server{Addr: addr} // want `http.Server is served with no ReadHeaderTimeout, IdleTimeout or ReadTimeout`
	return srv.ListenAndServe()
}
