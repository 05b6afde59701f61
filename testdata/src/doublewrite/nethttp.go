// Package doublewrite is the fixture of the doublewrite pass: replies
// written twice, headers changed too late, bodies appended to an error.
package doublewrite

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
)

type item struct{ Name string }

func load(r *http.Request) (item, error) { return item{}, errors.New("no") }

// writeError is a same-package helper: its fact says it replies
// terminally.
func writeError(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

// writeJSON sets a header, sends a status and a body.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// --- positives ---

func errorWithoutReturn(w http.ResponseWriter, r *http.Request) {
	it, err := load(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest) // want `http.Error replies but the handler does not return: on the path out of this if, json.NewEncoder\(...\).Encode \(line 39\) appends to this reply`
	}
	json.NewEncoder(w).Encode(it)
}

func helperWithoutReturn(w http.ResponseWriter, r *http.Request) {
	it, err := load(r)
	if err != nil {
		writeError(w, err) // want `writeError replies but the handler does not return: on the path out of this if, writeJSON \(line 47\) sends a second status`
	}
	writeJSON(w, http.StatusOK, it)
}

func logAfterReply(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed) // want `http.Error replies but the handler does not return`
		log.Printf("rejected %s", r.Method)
	}
	fmt.Fprintln(w, "created")
}

func elseWithoutReturn(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("id") != "" {
		log.Print("lookup")
	} else {
		http.NotFound(w, r) // want `http.NotFound replies but the handler does not return: on the path out of this if, w.Write \(line 64\) appends to this reply`
	}
	w.Write([]byte("found"))
}

func closureWithoutReturn(w http.ResponseWriter, r *http.Request) {
	fail := func(msg string) {
		http.Error(w, msg, http.StatusBadRequest)
	}
	if r.ContentLength == 0 {
		fail("empty body") // want `fail replies but the handler does not return`
	}
	io.Copy(w, r.Body)
}

func statusAfterWrite(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("partial"))
	w.WriteHeader(http.StatusInternalServerError) // want `w.WriteHeader sends a status after the response was committed by w.Write \(line 78\): net/http logs "http: superfluous response.WriteHeader call" and the client keeps the first status`
}

func errorAfterStatus(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	if _, err := load(r); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error sends a status after the response was committed by w.WriteHeader \(line 83\)`
		return
	}
}

func headerAfterWrite(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s", r.URL.Path)
	w.Header().Set("Cache-Control", "no-store") // want `w.Header\(\).Set changes a header after the response was committed by fmt.Fprintf \(line 91\): headers set after the first write are silently dropped`
}

func bodyAfterRedirect(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/login", http.StatusFound)
	fmt.Fprint(w, "redirecting") // want `fmt.Fprint writes after a complete reply was sent by http.Redirect \(line 96\)`
}

func bodyAfterServeFile(w http.ResponseWriter, r *http.Request) {
	http.ServeFile(w, r, "index.html")
	io.WriteString(w, "<!-- served -->") // want `io.WriteString writes after a complete reply was sent by http.ServeFile`
}

func switchFallsOut(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
	w.Write([]byte("ok")) // want `w.Write writes on some path after a complete reply was sent by http.Error \(line 109\)`
}

// withResult cannot take a bare return: reported at the second write.
func withResult(w http.ResponseWriter, r *http.Request) error {
	if _, err := load(r); err != nil {
		writeError(w, err)
	}
	_, err := w.Write([]byte("ok")) // want `w.Write writes on some path after a complete reply was sent by writeError`
	return err
}

// --- near misses ---

func errorThenReturn(w http.ResponseWriter, r *http.Request) {
	it, err := load(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	json.NewEncoder(w).Encode(it)
}

func exclusiveBranches(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, item{})
	} else {
		writeError(w, errors.New("method"))
	}
}

func switchCases(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/a":
		http.Redirect(w, r, "/b", http.StatusMovedPermanently)
	case "/b":
		fmt.Fprintln(w, "b")
	default:
		http.NotFound(w, r)
	}
}

func streaming(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	for i := range 3 {
		fmt.Fprintf(w, "data: %d\n\n", i)
		w.(http.Flusher).Flush()
	}
	w.Write([]byte("data: done\n\n"))
}

func errorThenContinue(w http.ResponseWriter, r *http.Request) {
	for _, id := range r.URL.Query()["id"] {
		if id == "" {
			http.Error(w, "empty id", http.StatusBadRequest)
			continue
		}
		fmt.Fprintln(w, id)
	}
}

func errorThenBreak(w http.ResponseWriter, r *http.Request) {
	for {
		if r.Form == nil {
			http.Error(w, "no form", http.StatusBadRequest)
			break
		}
		fmt.Fprintln(w, "form")
		break
	}
}

func closureReturns(w http.ResponseWriter, r *http.Request) {
	serve := func() {
		if r.URL.Path == "" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("page"))
	}
	serve()
}

func recoverReplies(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if rec := recover(); rec != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	w.Write([]byte("ok"))
}

func encodeFailure(w http.ResponseWriter, r *http.Request) {
	it, _ := load(r)
	if err := json.NewEncoder(w).Encode(it); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func trailers(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Trailer", "X-Checksum")
	w.Write([]byte("payload"))
	w.Header().Set("X-Checksum", "abc")
	w.Header().Set(http.TrailerPrefix+"X-Late", "1")
}

func errorThenExit(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil {
		http.Error(w, "no body", http.StatusBadRequest)
		panic(http.ErrAbortHandler)
	}
	if r.Header.Get("X-Fatal") != "" {
		http.Error(w, "fatal", http.StatusInternalServerError)
		os.Exit(1)
	}
	w.Write([]byte("ok"))
}

func headerBeforeWrite(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Add("Vary", "Accept")
	w.WriteHeader(http.StatusCreated)
	w.Write([]byte("created"))
}

func sameHelperOtherWriter(w http.ResponseWriter, r *http.Request) {
	other := &recorder{}
	writeError(other, errors.New("x"))
	writeJSON(w, http.StatusOK, item{})
}

type recorder struct{ http.ResponseWriter }

func ignored(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("x"))
	//resetlint:ignore doublewrite the proxy forwards upstream trailers on purpose
	w.Header().Set("X-Upstream", "1")
}

func earlyHints(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Link", "</style.css>; rel=preload; as=style")
	w.WriteHeader(http.StatusEarlyHints)
	w.Header().Add("Link", "</app.js>; rel=preload; as=script")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("page"))
}

// jsonErrorWithoutReturn replies through a helper that sends a status
// and a JSON body: a complete reply, which the success body corrupts.
func jsonErrorWithoutReturn(w http.ResponseWriter, r *http.Request) {
	it, err := load(r)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()}) // want `writeJSON replies but the handler does not return: on the path out of this if, json.NewEncoder\(...\).Encode \(line 265\) appends to this reply`
	}
	json.NewEncoder(w).Encode(it)
}
