package handlerexit

import (
	"errors"
	"html/template"
	"log"
	"net/http"
	"os"
	"regexp"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"

	"mustutil"
)

// Outside request scopes: startup code may stop the process.
var idPattern = regexp.MustCompile(`^[a-z0-9]+$`)

func init() {
	check(os.Setenv("TZ", "UTC"))
}

func main() { // want main:`exit\(panics=never exits=maybe via=log.Fatal\)`
	mux := http.NewServeMux()
	routes(mux)
	if err := http.ListenAndServe(":8080", mux); err != nil {
		log.Fatal(err)
	}
}

func loadConfig(path string) []byte { // want loadConfig:`exit\(panics=maybe exits=never via=check\)`
	b, err := os.ReadFile(path)
	check(err)
	return b
}

// abortHandler aborts the response on purpose: net/http does not log it.
func abortHandler(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Abort") != "" {
		panic(http.ErrAbortHandler)
	}
}

// recoveringHandler turns its panics into a 500.
func recoveringHandler(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if rec := recover(); rec != nil {
			if rec == http.ErrAbortHandler {
				panic(rec) // re-raised on purpose, and only that one
			}
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	check(r.ParseForm())
	panic("recovered above")
}

// recoverTo500 is a deferred recover helper declared in the package.
func recoverTo500(w http.ResponseWriter) {
	if rec := recover(); rec != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func helperRecoveredHandler(w http.ResponseWriter, r *http.Request) {
	defer recoverTo500(w)
	mustutil.Check(r.ParseForm())
}

// constantMustHandler compiles constants: it fails on every run or none.
func constantMustHandler(w http.ResponseWriter, r *http.Request) {
	re := regexp.MustCompile(`^[0-9]+$`)
	t := template.Must(template.New("page").Parse(`<p>{{.}}</p>`))
	_ = t.Execute(w, re.MatchString(r.FormValue("n")) && idPattern.MatchString(r.FormValue("id")))
}

// guardedHandler calls loggers whose panic or exit is for other levels.
func guardedHandler(w http.ResponseWriter, r *http.Request) {
	var l mustutil.Logger
	l.Infof("path %s", r.URL.Path)
	l.Errorf("not fatal")
	logrus.Infof("path %s", r.URL.Path)
	logrus.WithField("k", "v").Info("fine")
	zerolog.New().Error().Str("path", r.URL.Path).Msg("fine")
	if mustutil.Protected(r.ParseForm()) {
		http.Error(w, "bad form", http.StatusBadRequest)
	}
	mustutil.Serve(nil)
}

// goroutineRecovered recovers inside its goroutine.
func goroutineRecovered(w http.ResponseWriter, r *http.Request) {
	go func() {
		defer func() { _ = recover() }()
		panic("contained")
	}()
}

// delegating calls another handler: that handler's own body is reported.
func delegating(w http.ResponseWriter, r *http.Request) {
	panicHandler(w, r)
}

// testOnlyError is never nil-checked into a panic.
var testOnlyError = errors.New("x")

// notAHandler receives no request: nothing to report in it.
func notAHandler() { // want notAHandler:`exit\(panics=always exits=never via=panic\)`
	panic(testOnlyError)
}

// suppressedHandler keeps a deliberate panic with a directive.
func suppressedHandler(w http.ResponseWriter, r *http.Request) {
	//resetlint:ignore handlerexit the recovery middleware turns this into a 500
	panic("handled by middleware")
}

// relay runs the work in a goroutine and re-raises its panic in the
// handler, as http.TimeoutHandler does: the panic is the work's own,
// passed on, not a new one.
func relay(w http.ResponseWriter, r *http.Request) {
	panicChan := make(chan any, 1)
	done := make(chan struct{})
	go func() {
		defer func() {
			if p := recover(); p != nil {
				panicChan <- p
			}
		}()
		close(done)
	}()
	select {
	case p := <-panicChan:
		panic(p)
	case <-done:
	}
}
