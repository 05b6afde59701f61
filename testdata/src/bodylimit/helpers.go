package bodylimit

import (
	"encoding/json"
	"io"
	"net/http"
	"os"

	"bodylimit/limits"
)

// decodeJSON reads the whole body: its callers are reported.
func decodeJSON(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// parseOrder reads whatever reader it is given to the end.
func parseOrder(body io.Reader) (order, error) {
	var o order
	err := json.NewDecoder(body).Decode(&o)
	return o, err
}

// limitBody bounds the body for its caller.
func limitBody(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
}

// ---- positives ----

func viaHelper(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := decodeJSON(r, &o); err != nil { // want `decodeJSON reads the request body with no size limit`
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

func viaReaderHelper(w http.ResponseWriter, r *http.Request) {
	o, err := parseOrder(r.Body) // want `parseOrder reads the request body`
	if err != nil {
		return
	}
	json.NewEncoder(w).Encode(o)
}

func viaOtherPackage(w http.ResponseWriter, r *http.Request) {
	var o order
	limits.DecodeJSON(r, &o) // want `limits.DecodeJSON reads the request body`
}

// A router method: the handlers it calls directly are its helpers, and
// their reads are reported at the call.
type api struct{}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`body\(param=1 reads=maybe bounds=maybe middleware=false\)`
	switch r.URL.Path {
	case "/orders":
		a.orders(w, r) // want `a.orders reads the request body`
	case "/bounded":
		limitBody(w, r)
		a.bounded(w, r)
	case "/save":
		a.save(w, r) // want `a.save copies the request body to a file`
	}
}

func (a *api) save(w http.ResponseWriter, r *http.Request) {
	f, err := os.Create("/tmp/saved")
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(f, r.Body)
}

func (a *api) orders(w http.ResponseWriter, r *http.Request) {
	var o order
	json.NewDecoder(r.Body).Decode(&o)
}

func (a *api) bounded(w http.ResponseWriter, r *http.Request) {
	io.ReadAll(r.Body)
}

// ---- near misses ----

func helperBounds(w http.ResponseWriter, r *http.Request) {
	limitBody(w, r)
	var o order
	decodeJSON(r, &o)
}

func otherPackageBounds(w http.ResponseWriter, r *http.Request) {
	limits.Bound(w, r)
	io.ReadAll(r.Body)
}

func boundedReaderHelper(w http.ResponseWriter, r *http.Request) {
	parseOrder(http.MaxBytesReader(w, r.Body, 1<<20))
}

// decode is a swappable decoder, called through a package variable.
var decode = decodeJSON

func viaFuncVar(w http.ResponseWriter, r *http.Request) {
	var o order
	decode(r, &o) // want `decode reads the request body`
}

// store copies whatever reader it is given into a file.
func store(path string, in io.Reader) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, in)
	return err
}

func viaFileHelper(w http.ResponseWriter, r *http.Request) {
	store("/tmp/upload", r.Body) // want `store copies the request body to a file with no size limit: one request can fill the disk`
}
