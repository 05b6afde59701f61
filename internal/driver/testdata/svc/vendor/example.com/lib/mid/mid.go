// Package mid is a released dependency without net/http: it is read
// from export data, yet the facts of web's methods reach its importers.
package mid

import "example.com/lib/web"

// Get returns a web.T.
func Get() *web.T { return new(web.T) }
