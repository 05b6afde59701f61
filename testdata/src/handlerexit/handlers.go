// Package handlerexit holds handlers that die mid-request. Each finding
// is on the line of the call that may panic or exit.
package handlerexit

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"github.com/rs/zerolog"
	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"

	"mustutil"
)

// check is the same-package `if err != nil { panic(err) }` helper.
func check(err error) { // want check:`exit\(panics=maybe exits=never via=panic\)`
	if err != nil {
		panic(err)
	}
}

// fatalf logs and ends the process.
func fatalf(format string, args ...any) { // want fatalf:`exit\(panics=never exits=always via=log.Fatalf\)`
	log.Fatalf(format, args...)
}

// writeJSON is a helper that receives only the ResponseWriter: it is
// reported where handlers call it.
func writeJSON(w http.ResponseWriter, v any) { // want writeJSON:`exit\(panics=maybe exits=never via=check\)`
	b, err := json.Marshal(v)
	check(err)
	w.Write(b)
}

type item struct{ ID int }

func panicHandler(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("id") == "" {
		panic("missing id") // want `^panic in a request handler: net/http recovers it and aborts the connection, so the client receives a reset instead of a 500$`
	}
}

func fatalHandler(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		log.Fatal(err) // want `^log.Fatal in a request handler stops the whole server, so every client's connection is reset$`
	}
}

func exitHandler(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		os.Exit(2) // want `^os.Exit in a request handler stops the whole server`
	}
}

func logPanicHandler(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil {
		log.Panicf("bad n: %v", err) // want `^log.Panicf panics in a request handler: net/http recovers it`
	}
	w.Write([]byte(strconv.Itoa(n)))
}

type server struct {
	logger *log.Logger
	log    *mustutil.Logger
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var it item
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		s.logger.Fatalf("decode: %v", err) // want `^s.logger.Fatalf in a request handler stops the whole server`
	}
	s.log.Infof("got %d", it.ID)
	if it.ID < 0 {
		s.log.Fatalf("negative id %d", it.ID) // want `^s.log.Fatalf may end the process \(via Logger.log\): in a request handler that stops the whole server`
	}
	s.log.Logf(mustutil.LevelError, "not fatal")
	s.log.Logf(mustutil.Level(it.ID), "fatal if the client says so") // want `^s.log.Logf may end the process`
}

func checkHandler(w http.ResponseWriter, r *http.Request) {
	var it item
	check(json.NewDecoder(r.Body).Decode(&it)) // want `^check may panic in a request handler: net/http recovers it`
	writeJSON(w, it)                           // want `^writeJSON may panic \(via check\) in a request handler`
}

func mustHandler(w http.ResponseWriter, r *http.Request) {
	n := mustutil.Must(strconv.Atoi(r.FormValue("n"))) // want `^mustutil.Must may panic \(via Check\) in a request handler`
	port := mustutil.ParsePort(r.FormValue("port"))    // want `^mustutil.ParsePort may panic in a request handler`
	if n > port {
		mustutil.Die("n %d > port %d", n, port) // want `^mustutil.Die may end the process \(via os.Exit\): in a request handler that stops the whole server`
	}
	fatalf("unreachable %d", n) // want `^fatalf may end the process \(via log.Fatalf\)`
}

func stackHandler(w http.ResponseWriter, r *http.Request) {
	var st mustutil.Stack[string]
	for _, v := range r.URL.Query()["v"] {
		st.Push(v)
	}
	w.Write([]byte(st.MustPop())) // want `^st.MustPop may panic in a request handler`
}

func regexpHandler(w http.ResponseWriter, r *http.Request) {
	re := regexp.MustCompile(r.URL.Query().Get("q")) // want `^regexp.MustCompile panics in a request handler`
	w.Write([]byte(re.String()))
}

func goroutineHandler(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	go func() {
		if id == "" {
			panic("no id") // want `^panic in a goroutine started by a request handler: nothing recovers it, so the whole server crashes and every client's connection is reset$`
		}
	}()
	time.AfterFunc(time.Second, func() {
		check(nil) // want `^check may panic in a goroutine started by a request handler`
	})
	go check(r.Context().Err()) // want `^check may panic in a goroutine started by a request handler`
}

// closureHandler: closures belong to the handler around them.
func closureHandler(w http.ResponseWriter, r *http.Request) {
	validate := func(s string) {
		if s == "" {
			panic("empty") // want `^panic in a request handler`
		}
	}
	validate(r.FormValue("name"))
}

// repanicHandler's deferred function re-raises everything it recovers:
// it protects nothing.
func repanicHandler(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if rec := recover(); rec != nil {
			log.Printf("handler panic: %v", rec)
			panic(rec)
		}
	}()
	panic("boom") // want `^panic in a request handler`
}

// recoverThenExit turns a panic into an exit: worse.
func recoverThenExit(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if rec := recover(); rec != nil {
			log.Fatalf("panic: %v", rec) // want `^log.Fatalf in a request handler stops the whole server`
		}
	}()
	w.Write(nil)
}

func routes(mux *http.ServeMux) {
	mux.HandleFunc("/lit", func(w http.ResponseWriter, r *http.Request) {
		check(r.ParseForm()) // want `^check may panic in a request handler`
	})
}

func ginHandler(c *gin.Context) {
	var it item
	if err := c.ShouldBindJSON(&it); err != nil {
		panic(err) // want `^panic in a request handler`
	}
	user := c.MustGet("user") // want `^c.MustGet panics in a request handler`
	c.JSON(http.StatusOK, user)
	logrus.Fatalf("id %d", it.ID) // want `^logrus.Fatalf in a request handler stops the whole server`
}

func echoHandler(c echo.Context) error {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		zlog.Fatal().Err(err).Msg("bad id") // want `^zlog.Fatal\(\).Err\(err\).Msg in a request handler stops the whole server`
	}
	logger := zerolog.New()
	logger.Panic().Str("id", c.Param("id")).Send() // want `^logger.Panic\(\).Str\("id", c.Param\("id"\)\).Send panics in a request handler`
	return c.JSON(http.StatusOK, id)
}

func logrusEntryHandler(w http.ResponseWriter, r *http.Request) {
	entry := logrus.WithField("path", r.URL.Path)
	entry.Panic("bad request") // want `^entry.Panic panics in a request handler`
}
