// Package handler serves orders. Comments "lint: PASS" mark the lines
// where the golangci-lint test expects a finding of PASS ("lint-next-line:
// PASS", the line below), "silenced: PASS" those where a //nolint
// directive hides one; every other line must stay silent.
package handler

import (
	"encoding/json"
	"net/http"

	"example.com/shop/respond"
)

type Order struct {
	ID  string `json:"id"`
	Qty int    `json:"qty"`
}

// Create forgets the return after the error reply, which is in another
// package: the status below is a second one.
func Create(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		respond.Fail(w, http.StatusBadRequest, "malformed order") // lint: doublewrite
	}
	w.WriteHeader(http.StatusAccepted)
}

// Cancel has the same bug, accepted with a //nolint directive.
func Cancel(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") == "" {
		respond.Fail(w, http.StatusBadRequest, "missing id") //nolint:resetlint // silenced: doublewrite
	}
	w.WriteHeader(http.StatusNoContent)
}

// Delete panics through respond.Must when the store fails: the client's
// connection is reset instead of getting a 500.
func Delete(w http.ResponseWriter, r *http.Request) {
	respond.Must(deleteOrder(r.PathValue("id"))) // lint: handlerexit
	// A directive must give a reason; this one is reported. lint-next-line: ignoredirective
	//resetlint:ignore doublewrite
	w.WriteHeader(http.StatusNoContent)
}

// Archive has a directive without a reason too, silenced for golangci-lint.
func Archive(w http.ResponseWriter, r *http.Request) {
	//nolint:resetlint // silenced-next-line: ignoredirective
	//resetlint:ignore doublewrite
	w.WriteHeader(http.StatusOK)
	// The error of a response write is left to cancelcheck: errcheck is
	// told to ignore it in .golangci.example.yml.
	w.Write([]byte("archived\n"))
}

func deleteOrder(id string) error {
	if id == "" {
		return http.ErrMissingFile
	}
	return nil
}
