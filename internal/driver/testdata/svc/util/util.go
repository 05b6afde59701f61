// Package util is user code without net/http: it may carry facts.
package util

// Must panics on an error.
func Must(err error) {
	if err != nil {
		panic(err)
	}
}

// Old is replaced by New.
func Old() {}

// New replaces Old.
func New() {}
