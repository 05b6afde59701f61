// Package configure stands for code the pass cannot see into.
package configure

import "net/http"

// Apply sets a server's timeouts from the environment.
func Apply(s *http.Server) {}
