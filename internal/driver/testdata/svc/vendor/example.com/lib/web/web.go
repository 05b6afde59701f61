// Package web is a released dependency that imports net/http: it is
// type-checked from source, trimmed to its request functions.
package web

import "net/http"

var table = [4]int{1, 2, 3, 4}

// T has a method that receives the ResponseWriter.
type T struct{}

// Serve is a request function.
func (t *T) Serve(w http.ResponseWriter) { w.WriteHeader(code()) }

// Reply is a request function.
func Reply(w http.ResponseWriter) { w.WriteHeader(code()) }

// code is kept: a request function calls it.
func code() int { return 200 }

// Unrelated is trimmed: no request function refers to it.
func Unrelated() int { return table[0] }
