// Package plain is a released dependency without net/http: export data,
// no facts.
package plain

// Check panics on an error.
func Check(err error) {
	if err != nil {
		panic(err)
	}
}
