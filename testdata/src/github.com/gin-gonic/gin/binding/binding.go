// Package binding is a fixture stub of github.com/gin-gonic/gin/binding.
package binding

// Binding decodes a request into a value.
type Binding interface{ Name() string }

type named string

func (n named) Name() string { return string(n) }

// The bindings gin provides.
var (
	JSON  Binding = named("json")
	XML   Binding = named("xml")
	Form  Binding = named("form")
	Query Binding = named("query")
	Uri   Binding = named("uri")
)
