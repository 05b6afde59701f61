// Package bodylimit is the fixture of the bodylimit pass: handlers that
// read the request body with and without a bound.
package bodylimit

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httputil"
	"os"
	"strings"
)

type order struct {
	ID    string   `json:"id" xml:"id"`
	Items []string `json:"items" xml:"items"`
}

// ---- positives ----

// A JSON API handler: the decoder reads as much as the client sends.
func createOrder(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil { // want `json.NewDecoder reads the request body with no size limit: one request can exhaust memory, and the server is killed or starts resetting connections`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

type server struct{ dir string }

// A method handler with other parameter names.
func (s *server) upload(rw http.ResponseWriter, req *http.Request) {
	data, err := io.ReadAll(req.Body) // want `io.ReadAll reads the request body with no size limit`
	if err != nil {
		http.Error(rw, "bad body", http.StatusBadRequest)
		return
	}
	rw.Write(data)
}

func importXML(w http.ResponseWriter, r *http.Request) {
	var o order
	xml.NewDecoder(r.Body).Decode(&o) // want `xml.NewDecoder reads the request body`
	w.WriteHeader(http.StatusNoContent)
}

func buffer(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r.Body); err != nil { // want `io.Copy reads the request body with no size limit`
		return
	}
	w.Write(buf.Bytes())
}

func saveToDisk(w http.ResponseWriter, r *http.Request) {
	f, err := os.CreateTemp("", "upload")
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(f, r.Body) // want `io.Copy copies the request body to a file with no size limit: one request can fill the disk`
}

func lines(w http.ResponseWriter, r *http.Request) {
	var all []string
	sc := bufio.NewScanner(r.Body) // want `bufio.NewScanner reads the request body`
	for sc.Scan() {
		all = append(all, sc.Text())
	}
	w.Write([]byte(strings.Join(all, "\n")))
}

// The body through a variable and an unbounded wrapper.
func gzipped(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	zr, err := gzip.NewReader(body)
	if err != nil {
		return
	}
	data, _ := io.ReadAll(zr) // want `io.ReadAll reads the request body`
	w.Write(data)
}

// Bounded on one path only.
func boundedSometimes(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	}
	data, _ := io.ReadAll(r.Body) // want `io.ReadAll reads the request body`
	w.Write(data)
}

// A Content-Length check is not a bound: a chunked request has
// ContentLength -1 and any length.
func contentLengthCheck(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > 1<<20 {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	var o order
	json.NewDecoder(r.Body).Decode(&o) // want `json.NewDecoder reads the request body`
}

// A read inside a closure of the handler.
func closure(w http.ResponseWriter, r *http.Request) {
	decode := func(v any) error {
		return json.NewDecoder(r.Body).Decode(v) // want `json.NewDecoder reads the request body`
	}
	var o order
	_ = decode(&o)
}

func dump(w http.ResponseWriter, r *http.Request) {
	b, _ := httputil.DumpRequest(r, true) // want `httputil.DumpRequest reads the request body`
	w.Write(b)
}

func firstLine(w http.ResponseWriter, r *http.Request) {
	br := bufio.NewReader(r.Body)
	line, _ := br.ReadString('\n') // want `Reader.ReadString reads the request body`
	w.Write([]byte(line))
}

// A request copy shares the unbounded body.
func withContext(w http.ResponseWriter, r *http.Request) {
	r2 := r.WithContext(r.Context())
	b, _ := io.ReadAll(r2.Body) // want `io.ReadAll reads the request body`
	w.Write(b)
}

// ---- near misses ----

func boundedCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
}

func limitReader(w http.ResponseWriter, r *http.Request) {
	var o order
	json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&o)
	data, _ := io.ReadAll(&io.LimitedReader{R: r.Body, N: 1 << 20})
	w.Write(data)
}

func boundedVariable(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<20)
	data, _ := io.ReadAll(body)
	w.Write(data)
}

// Draining or streaming the body keeps one buffer at a time.
func drain(w http.ResponseWriter, r *http.Request) {
	defer io.Copy(io.Discard, r.Body)
	io.Copy(w, r.Body)
}

// Bounded reads.
func fixedSize(w http.ResponseWriter, r *http.Request) {
	buf := make([]byte, 512)
	io.ReadFull(r.Body, buf)
	var out bytes.Buffer
	io.CopyN(&out, r.Body, 1<<20)
}

// net/http caps url-encoded forms at 10 MB.
func form(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		return
	}
	w.Write([]byte(r.PostForm.Get("name") + r.FormValue("q")))
}

// The body is replaced by bytes already in memory.
func replaced(w http.ResponseWriter, r *http.Request) {
	r.Body = io.NopCloser(strings.NewReader("{}"))
	var o order
	json.NewDecoder(r.Body).Decode(&o)
}

// Reading a response body, or a file, is not reading the request body.
func proxy(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://upstream.internal/x")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	w.Write(data)
}

// Outside any request scope.
func loadConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

// countingReader is a reader of the package's own around another.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// The body inside a wrapper type of the package.
func counted(w http.ResponseWriter, r *http.Request) {
	cr := &countingReader{r: r.Body}
	data, _ := io.ReadAll(cr) // want `io.ReadAll reads the request body`
	w.Write(data)
}
