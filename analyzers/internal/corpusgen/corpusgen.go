// Package corpusgen writes a generated Go module of realistic HTTP
// handlers, for measuring the passes at scale: a service split into
// packages of 100 handlers each, with the helper packages real services
// have (a JSON reply helper, must/check helpers, a middleware, an
// upstream client) and a main package that builds the server.
//
// The handlers cycle through shapes taken from real code, about half of
// them with the bug a pass looks for and half in the fixed form, with
// varying names, so that every pass has work: bodies decoded with and
// without a bound, http.Error with and without return, sleeps, selects,
// outbound requests with and without the request context, goroutines,
// panics and must(err), ignored errors, streaming loops.
package corpusgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is the generated module's path.
const Module = "example.com/corpus"

// PerPackage is the number of handlers in each handler package.
const PerPackage = 100

// Write writes a module with n handlers into dir (created if needed) and
// returns the number of Go lines written.
func Write(dir string, n int) (lines int, err error) {
	files := map[string]string{
		"go.mod":              "module " + Module + "\n\ngo 1.26\n",
		"respond/respond.go":  respondSrc,
		"check/check.go":      checkSrc,
		"upstream/client.go":  upstreamSrc,
		"middleware/limit.go": middlewareSrc,
	}
	var pkgs []string
	for p := 0; p*PerPackage < n; p++ {
		name := fmt.Sprintf("h%03d", p)
		pkgs = append(pkgs, name)
		var b strings.Builder
		fmt.Fprintf(&b, handlerHeader, name)
		for i := p * PerPackage; i < min((p+1)*PerPackage, n); i++ {
			fmt.Fprintf(&b, shapes[i%len(shapes)], i)
		}
		fmt.Fprintf(&b, "\n// Register registers the package's handlers.\nfunc Register(mux *http.ServeMux) {\n")
		for i := p * PerPackage; i < min((p+1)*PerPackage, n); i++ {
			fmt.Fprintf(&b, "\tmux.HandleFunc(\"/%s/%d\", handle%d)\n", name, i, i)
		}
		b.WriteString("}\n")
		files[filepath.Join("handlers", name, name+".go")] = b.String()
	}
	var main strings.Builder
	main.WriteString(mainHeader)
	for _, p := range pkgs {
		fmt.Fprintf(&main, "\t%q\n", Module+"/handlers/"+p)
	}
	main.WriteString(mainMiddle)
	for _, p := range pkgs {
		fmt.Fprintf(&main, "\t%s.Register(mux)\n", p)
	}
	main.WriteString(mainFooter)
	files["cmd/server/main.go"] = main.String()

	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return 0, err
		}
		if strings.HasSuffix(name, ".go") {
			lines += strings.Count(content, "\n")
		}
	}
	return lines, nil
}

const respondSrc = `// Package respond writes replies.
package respond

import (
	"encoding/json"
	"net/http"
)

// JSON writes v as a JSON reply with the given status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Fail replies with an error status.
func Fail(w http.ResponseWriter, status int, err error) {
	http.Error(w, err.Error(), status)
}
`

const checkSrc = `// Package check holds the helpers that end a goroutine on an error.
package check

import "log"

// Must panics on an error.
func Must(err error) {
	if err != nil {
		panic(err)
	}
}

// Fatal ends the process on an error.
func Fatal(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
`

const upstreamSrc = `// Package upstream calls another service.
package upstream

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Client calls the upstream API.
type Client struct {
	HTTP *http.Client
	Base string
}

// New returns a client with timeouts.
func New(base string) *Client {
	return &Client{HTTP: &http.Client{Timeout: 10 * time.Second}, Base: base}
}

// Get fetches path.
func (c *Client) Get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
`

const middlewareSrc = `// Package middleware holds the service's middlewares.
package middleware

import "net/http"

// Limit bounds request bodies to n bytes.
func Limit(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}
`

const handlerHeader = `// Package %s is a generated handler package.
package %[1]s

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"example.com/corpus/check"
	"example.com/corpus/respond"
	"example.com/corpus/upstream"
)

var (
	db     *sql.DB
	client = upstream.New("http://upstream.internal")
	_      = errors.New
	_      = exec.Command
	_      = log.Printf
	_      = strconv.Itoa
	_      sync.Mutex
	_      = context.Background
	_      = io.EOF
	_      = time.Second
	_      = fmt.Sprint
)
`

// shapes are the handler templates; %[1]d is the handler's number.
var shapes = []string{
	// bodylimit: unbounded decode; handlererrors: ignored decode error.
	`
type item%[1]d struct {
	Name  string ` + "`json:\"name\"`" + `
	Count int    ` + "`json:\"count\"`" + `
}

func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	var in item%[1]d
	json.NewDecoder(r.Body).Decode(&in)
	respond.JSON(w, http.StatusOK, in)
}
`,
	// bounded decode, error handled (clean).
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		respond.Fail(w, http.StatusBadRequest, err)
		return
	}
	respond.JSON(w, http.StatusCreated, in)
}
`,
	// doublewrite: http.Error without return.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
	}
	fmt.Fprintf(w, "item %%d\n", id)
}
`,
	// cancelcheck: sleep then write; ctxpropagation: Background.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	time.Sleep(100 * time.Millisecond)
	body, err := client.Get(context.Background(), "/v1/items/%[1]d")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Write(body)
}
`,
	// clean upstream call with the request context, select on Done.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	select {
	case <-time.After(10 * time.Millisecond):
	case <-ctx.Done():
		return
	}
	body, err := client.Get(ctx, "/v1/things/%[1]d")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
`,
	// clienttimeouts: http.Get; handlererrors: ignored ReadAll error.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://example.internal/%[1]d")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	w.Write(data)
}
`,
	// handlergoroutine: goroutine uses w after return; handlerexit: must.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	check.Must(r.ParseForm())
	go func() {
		fmt.Fprintln(w, "done", r.FormValue("q"))
	}()
}
`,
	// goroutines waited for, results merged (clean).
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	results := make([]string, 3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = strconv.Itoa(i * %[1]d)
		}()
	}
	wg.Wait()
	respond.JSON(w, http.StatusOK, results)
}
`,
	// ctxpropagation: db.Query and exec.Command; handlerexit: panic.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query("SELECT name FROM items WHERE id = $1", %[1]d)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			log.Printf("scan: %%v", err)
		}
		names = append(names, n)
	}
	out, _ := exec.Command("date").Output()
	respond.JSON(w, http.StatusOK, map[string]any{"names": names, "at": string(out)})
}
`,
	// cancelcheck: streaming loop ignoring write errors and the context.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "no streaming", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(w, "data: %%d\n\n", i)
		flusher.Flush()
		time.Sleep(time.Second)
	}
}
`,
	// clean streaming loop that stops on the context.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for i := 0; i < 10; i++ {
		select {
		case <-r.Context().Done():
			return
		case <-ticker.C:
		}
		if _, err := fmt.Fprintf(w, "tick %%d\n", i); err != nil {
			return
		}
	}
}
`,
	// handlererrors: logged then 200; doublewrite: header after write.
	`
func handle%[1]d(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil {
		log.Printf("bad n: %%v", err)
	}
	w.WriteHeader(http.StatusOK)
	w.Header().Set("X-Count", strconv.Itoa(n))
	fmt.Fprint(w, n*%[1]d)
}
`,
}

const mainHeader = `// Command server serves the generated handlers.
package main

import (
	"log"
	"net/http"
	"time"

	"example.com/corpus/middleware"
`

const mainMiddle = `)

func main() {
	mux := http.NewServeMux()
`

const mainFooter = `	log.Fatal(http.ListenAndServe(":8080", middleware.Limit(1<<20, mux)))
	srv := &http.Server{Addr: ":8081", Handler: mux, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	log.Fatal(srv.ListenAndServe())
}
`
