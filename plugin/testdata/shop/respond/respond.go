// Package respond holds the shop's reply helpers. What they do to the
// response reaches the handlers in other packages only as analysis facts.
package respond

import (
	"encoding/json"
	"net/http"
)

// Fail replies with an error status and message: a terminal reply.
func Fail(w http.ResponseWriter, status int, msg string) {
	http.Error(w, msg, status)
}

// JSON replies with status and v encoded as JSON.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Must panics when err is not nil.
func Must(err error) {
	if err != nil {
		panic(err)
	}
}
