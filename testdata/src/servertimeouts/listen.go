package servertimeouts

import (
	"log"
	"net"
	"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello\n")) }

func listenDefaultMux() {
	http.HandleFunc("/", hello)
	log.Fatal(http.ListenAndServe(":8080", nil)) // want `http.ListenAndServe starts a server with no timeouts: a slowloris client holds connections open forever and idle keep-alive connections are never closed`
}

func listenMux(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/", hello)
	return http.ListenAndServe(addr, mux) // want `http.ListenAndServe starts a server with no timeouts`
}

func listenTLS(mux http.Handler) {
	log.Fatal(http.ListenAndServeTLS(":8443", "cert.pem", "key.pem", mux)) // want `http.ListenAndServeTLS starts a server with no timeouts`
}

func serveListener(l net.Listener) error {
	return http.Serve(l, http.HandlerFunc(hello)) // want `http.Serve starts a server with no timeouts`
}

func serveTLSListener(l net.Listener, h http.Handler) error {
	return http.ServeTLS(l, h, "cert.pem", "key.pem") // want `http.ServeTLS starts a server with no timeouts`
}
