// Package handler serves orders. Comments "vet: PASS" mark the lines
// where the vet-mode test expects a finding of PASS ("vet-next-line:
// PASS", the line below); every other line must stay silent.
package handler

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"

	"example.com/shop/respond"
)

type Order struct {
	ID  string `json:"id"`
	Qty int    `json:"qty"`
}

// Create forgets the return after the error reply: the status below is
// a second one, and the client gets the 400 with a superfluous
// WriteHeader logged on the server.
func Create(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		respond.Fail(w, http.StatusBadRequest, "malformed order") // vet: doublewrite
	}
	w.WriteHeader(http.StatusAccepted)
}

// Update returns after the error reply: one reply on every path.
func Update(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		respond.Fail(w, http.StatusBadRequest, "malformed order")
		return
	}
	respond.JSON(w, http.StatusOK, o)
}

// Delete panics through respond.Must when the store fails: the client's
// connection is reset instead of getting a 500.
func Delete(w http.ResponseWriter, r *http.Request) {
	respond.Must(deleteOrder(r.PathValue("id"))) // vet: handlerexit
	// A directive must give a reason; this one is reported. vet-next-line: ignoredirective
	//resetlint:ignore doublewrite
	w.WriteHeader(http.StatusNoContent)
}

var errNotFound = errors.New("order not found")

func deleteOrder(id string) error {
	if id == "" {
		return errNotFound
	}
	return nil
}

// LoadConfig runs at start-up, outside any request: a panic here stops
// the program before it serves anyone.
func LoadConfig(path string) []byte {
	data, err := os.ReadFile(path)
	respond.Must(err)
	return data
}
