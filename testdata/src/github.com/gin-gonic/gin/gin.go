// Package gin is a fixture stub of github.com/gin-gonic/gin: the API
// surface resetlint's passes recognise, with no behaviour.
package gin

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin/binding"
)

// H is a shortcut for map[string]any.
type H map[string]any

// HandlerFunc is a gin handler.
type HandlerFunc func(*Context)

// ResponseWriter is gin's response writer.
type ResponseWriter interface {
	http.ResponseWriter
	http.Flusher
	Status() int
	Size() int
	Written() bool
	WriteHeaderNow()
}

// Context is the request context of a gin handler. Like the real one it
// implements context.Context.
type Context struct {
	Request *http.Request
	Writer  ResponseWriter
	Keys    map[string]any
}

func (c *Context) Deadline() (time.Time, bool)            { return time.Time{}, false }
func (c *Context) Done() <-chan struct{}                  { return nil }
func (c *Context) Err() error                             { return nil }
func (c *Context) Value(key any) any                      { return nil }
func (c *Context) Next()                                  {}
func (c *Context) Abort()                                 {}
func (c *Context) IsAborted() bool                        { return false }
func (c *Context) AbortWithStatus(code int)               {}
func (c *Context) AbortWithStatusJSON(code int, obj any)  {}
func (c *Context) AbortWithError(code int, err error) any { return nil }
func (c *Context) Status(code int)                        {}
func (c *Context) Header(key, value string)               {}
func (c *Context) GetHeader(key string) string            { return "" }
func (c *Context) JSON(code int, obj any)                 {}
func (c *Context) IndentedJSON(code int, obj any)         {}
func (c *Context) XML(code int, obj any)                  {}
func (c *Context) String(code int, format string, values ...any) {
}
func (c *Context) Data(code int, contentType string, data []byte) {}
func (c *Context) Redirect(code int, location string)             {}
func (c *Context) File(filepath string)                           {}
func (c *Context) Stream(step func(w interface{ Write([]byte) (int, error) }) bool) bool {
	return false
}
func (c *Context) SSEvent(name string, message any) {}
func (c *Context) Param(key string) string          { return "" }
func (c *Context) Query(key string) string          { return "" }
func (c *Context) PostForm(key string) string       { return "" }
func (c *Context) BindJSON(obj any) error           { return nil }
func (c *Context) ShouldBindJSON(obj any) error     { return nil }
func (c *Context) ShouldBind(obj any) error         { return nil }
func (c *Context) ShouldBindQuery(obj any) error    { return nil }
func (c *Context) ShouldBindWith(obj any, b binding.Binding) error {
	return nil
}
func (c *Context) MustBindWith(obj any, b binding.Binding) error { return nil }
func (c *Context) GetRawData() ([]byte, error)                   { return nil, nil }
func (c *Context) Copy() *Context                                { return c }
func (c *Context) Set(key string, value any)                     {}
func (c *Context) Get(key string) (any, bool)                    { return nil, false }
func (c *Context) ClientIP() string                              { return "" }
func (c *Context) FullPath() string                              { return "" }
func (c *Context) Error(err error) any                           { return nil }
func (c *Context) MustGet(key string) any                        { return nil }
func (c *Context) FormFile(name string) (any, error)             { return nil, nil }

// RouterGroup registers handlers.
type RouterGroup struct{}

func (g *RouterGroup) GET(path string, handlers ...HandlerFunc)    {}
func (g *RouterGroup) POST(path string, handlers ...HandlerFunc)   {}
func (g *RouterGroup) PUT(path string, handlers ...HandlerFunc)    {}
func (g *RouterGroup) DELETE(path string, handlers ...HandlerFunc) {}
func (g *RouterGroup) Use(middleware ...HandlerFunc)               {}
func (g *RouterGroup) Group(path string, handlers ...HandlerFunc) *RouterGroup {
	return g
}

// Engine is a gin router.
type Engine struct {
	RouterGroup
	ContextWithFallback bool
}

func New() *Engine                                                 { return &Engine{} }
func Default() *Engine                                             { return &Engine{} }
func (e *Engine) Run(addr ...string) error                         { return nil }
func (e *Engine) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
