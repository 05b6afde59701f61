// Command orderd serves the orders and inventory API of package orders,
// plus pprof on a debug port.
//
// It is resetlint's demo target: it commits, on purpose, every
// anti-pattern the passes look for, each marked with a comment that names
// the pass. Do not copy it. No database driver is linked in: the program
// compiles but does not serve.
package main

import (
	"database/sql"
	"flag"
	"log"
	"net/http"
	_ "net/http/pprof"

	"github.com/resetlint/resetlint/examples/orders"
)

func main() {
	addr := flag.String("addr", ":8080", "API listen address")
	debugAddr := flag.String("debug-addr", "localhost:6060", "pprof listen address")
	dsn := flag.String("dsn", "postgres://orderd@localhost/orders", "database DSN")
	warehouseURL := flag.String("warehouse", "http://warehouse.internal", "warehouse API base URL")
	flag.Parse()

	db, err := sql.Open("postgres", *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	go func() {
		// resetlint: servertimeouts — http.ListenAndServe: the pprof server has no timeouts at all
		log.Println(http.ListenAndServe(*debugAddr, nil))
	}()

	// resetlint: servertimeouts — no ReadHeaderTimeout/ReadTimeout (slowloris), no IdleTimeout
	srv := &http.Server{
		Addr:         *addr,
		Handler:      orders.New(db, *warehouseURL).Handler(),
		WriteTimeout: 10, // resetlint: servertimeouts — unit-less: 10ns, not 10s
	}
	log.Printf("orderd listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}
