// Package handler is the target.
package handler

import (
	"log"
	"net/http"
	"os"

	"example.com/lib/mid"
	"example.com/lib/plain"
	"example.com/lib/web"
	"example.com/svc/util"
)

// Handle calls into every kind of package.
func Handle(w http.ResponseWriter, r *http.Request) {
	web.Reply(w)
	web.Unrelated()
	mid.Get().Serve(w)
	plain.Check(nil)
	util.Must(nil)
	util.Old()
	if r == nil {
		log.Fatal("no request")
	}
	if r.Body == nil {
		os.Exit(1)
	}
}
