// Package handlerexittests is checked with -handlerexit.tests: its test
// handlers are reported too.
package handlerexittests

import "net/http"

// Handler serves nothing.
func Handler(w http.ResponseWriter, r *http.Request) {}
