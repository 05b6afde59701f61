// Package respond is a library of reply helpers that handlers in other
// packages call: what each one does to the response travels to them as
// a fact.
package respond

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// Fail replies with an error: a terminal reply.
func Fail(w http.ResponseWriter, err error, code int) { // want Fail:`response\(param=0 commits=always status=always fails=always terminal=always body=always header=never\)`
	http.Error(w, err.Error(), code)
}

// JSON replies with a status and a JSON body.
func JSON(w http.ResponseWriter, code int, v any) { // want JSON:`response\(param=0 commits=always status=always fails=never terminal=never body=always header=always\)`
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// Text writes body bytes; the first write commits an implicit 200.
func Text(w http.ResponseWriter, s string) { // want Text:`response\(param=0 commits=always status=never fails=never terminal=never body=always header=never\)`
	w.Write([]byte(s))
}

// CORS only sets headers.
func CORS(w http.ResponseWriter) { // want CORS:`response\(param=0 commits=never status=never fails=never terminal=never body=never header=always\)`
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// FailIf replies when err is not nil, and does not tell its caller.
func FailIf(w http.ResponseWriter, err error) { // want FailIf:`response\(param=0 commits=maybe status=maybe fails=maybe terminal=maybe body=maybe header=never\)`
	if err != nil {
		Fail(w, err, http.StatusInternalServerError)
	}
}

// Check replies when err is not nil and reports whether it did.
func Check(w http.ResponseWriter, err error) bool { // want Check:`response\(param=0 commits=maybe status=maybe fails=maybe terminal=maybe body=maybe header=never\)`
	if err == nil {
		return false
	}
	Fail(w, err, http.StatusInternalServerError)
	return true
}

// Internal replies 500 through Fail, with the writer in second place.
func Internal(err error, w http.ResponseWriter) { // want Internal:`response\(param=1 commits=always status=always fails=always terminal=always body=always header=never\)`
	Fail(w, err, http.StatusInternalServerError)
}

// A Responder replies through a method.
type Responder struct{ Prefix string }

// NotFound replies 404.
func (rp *Responder) NotFound(w http.ResponseWriter, r *http.Request) { // want NotFound:`response\(param=0 commits=always status=always fails=always terminal=always body=always header=never\)`
	http.NotFound(w, r)
}

// Abort ends a gin request with a JSON error.
func Abort(c *gin.Context, code int, err error) { // want Abort:`response\(param=0 commits=always status=always fails=never terminal=always body=always header=never\)`
	c.AbortWithStatusJSON(code, gin.H{"error": err.Error()})
}

// OK replies 200 with a JSON body through gin.
func OK(c *gin.Context, v any) { // want OK:`response\(param=0 commits=always status=always fails=never terminal=always body=always header=never\)`
	c.JSON(http.StatusOK, v)
}

// EchoFail replies with an echo JSON error and returns its error.
func EchoFail(c echo.Context, code int, msg string) error { // want EchoFail:`response\(param=0 commits=always status=always fails=never terminal=always body=always header=never\)`
	return c.JSON(code, map[string]string{"error": msg})
}

// Redirect sends the client elsewhere: a terminal reply.
func Redirect(w http.ResponseWriter, r *http.Request, to string) { // want Redirect:`response\(param=0 commits=always status=always fails=never terminal=always body=always header=never\)`
	http.Redirect(w, r, to, http.StatusFound)
}

// Describe reads the request only: no fact.
func Describe(r *http.Request) string { return r.Method + " " + r.URL.Path }

// Nothing receives the writer and does nothing with it: no fact.
func Nothing(w http.ResponseWriter) { _ = w }

// Decode reads the request body into v: a helper of user code that is
// handed the request (no response fact: it does not receive the writer).
func Decode(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// Gone replies 410 through JSON: the constant status makes it an error
// reply, and a status with a body makes it a complete one.
func Gone(w http.ResponseWriter) { // want Gone:`response\(param=0 commits=always status=always fails=always terminal=always body=always header=always\)`
	JSON(w, http.StatusGone, map[string]string{"error": "gone"})
}

// Lines writes each line: the loop may run zero times.
func Lines(w http.ResponseWriter, lines []string) { // want Lines:`response\(param=0 commits=maybe status=never fails=never terminal=never body=maybe header=never\)`
	for _, l := range lines {
		io.WriteString(w, l+"\n")
	}
}

// Retry calls itself: the summary of a recursive helper must not loop.
func Retry(w http.ResponseWriter, n int) { // want Retry:`response\(param=0 commits=maybe status=maybe fails=maybe terminal=maybe body=maybe header=never\)`
	if n > 0 {
		Retry(w, n-1)
		return
	}
	http.Error(w, "gave up", http.StatusServiceUnavailable)
}

// Panics replies, then panics on every path: it never returns, so it
// has no effect a caller could see after it (and no fact).
func Panics(w http.ResponseWriter) {
	http.Error(w, "boom", http.StatusInternalServerError)
	panic("boom")
}
