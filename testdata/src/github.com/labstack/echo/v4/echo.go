// Package echo is a fixture stub of github.com/labstack/echo/v4: the API
// surface resetlint's passes recognise, with no behaviour.
package echo

import (
	"mime/multipart"
	"net/http"
)

// Map is a shortcut for map[string]any.
type Map map[string]any

// HandlerFunc is an echo handler.
type HandlerFunc func(c Context) error

// MiddlewareFunc wraps a handler.
type MiddlewareFunc func(next HandlerFunc) HandlerFunc

// Response wraps the http.ResponseWriter.
type Response struct {
	Writer    http.ResponseWriter
	Status    int
	Size      int64
	Committed bool
}

func (r *Response) Header() http.Header         { return nil }
func (r *Response) WriteHeader(code int)        {}
func (r *Response) Write(b []byte) (int, error) { return len(b), nil }
func (r *Response) Flush()                      {}

// Context is the request context of an echo handler.
type Context interface {
	Request() *http.Request
	SetRequest(r *http.Request)
	Response() *Response
	Param(name string) string
	QueryParam(name string) string
	FormValue(name string) string
	Bind(i any) error
	FormFile(name string) (*multipart.FileHeader, error)
	MultipartForm() (*multipart.Form, error)
	Get(key string) any
	Set(key string, val any)
	JSON(code int, i any) error
	JSONBlob(code int, b []byte) error
	XML(code int, i any) error
	String(code int, s string) error
	HTML(code int, html string) error
	Blob(code int, contentType string, b []byte) error
	Stream(code int, contentType string, r any) error
	File(file string) error
	NoContent(code int) error
	Redirect(code int, url string) error
	Error(err error)
}

// Echo is an echo router.
type Echo struct {
	Server *http.Server
}

func New() *Echo                                                     { return &Echo{} }
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc)  {}
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) {}
func (e *Echo) Use(middleware ...MiddlewareFunc)                     {}
func (e *Echo) Start(address string) error                           { return nil }
func (e *Echo) ServeHTTP(w http.ResponseWriter, r *http.Request)     {}

// HTTPError is an error with a status code.
type HTTPError struct {
	Code    int
	Message any
}

func (he *HTTPError) Error() string { return "" }

// NewHTTPError returns an HTTPError.
func NewHTTPError(code int, message ...any) *HTTPError { return &HTTPError{Code: code} }
