// Package handlererrors is the fixture of the handlererrors pass: errors
// of reading the request or of outbound work, thrown away or only
// logged before a success reply.
package handlererrors

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
)

type order struct{ ID, Item string }

// A Store is outbound work behind an interface of the user's: its
// methods take a context.
type Store interface {
	Save(ctx context.Context, o order) error
	Find(ctx context.Context, id string) (order, error)
	Touch(ctx context.Context, id string) error
}

type server struct {
	db     *sql.DB
	client *http.Client
	store  Store
}

// legacy embeds the database handle: its methods are database/sql's.
type legacy struct{ *sql.DB }

// --- discarded errors: positives ---

func (s *server) create(w http.ResponseWriter, r *http.Request) {
	var o order
	json.NewDecoder(r.Body).Decode(&o)                                     // want `the error of json.Decoder.Decode is discarded: a malformed or cut-off request goes on as zero values`
	s.db.ExecContext(r.Context(), "INSERT INTO orders VALUES (?)", o.Item) // want `the error of sql.DB.ExecContext is discarded: when the database call fails the handler carries on`
	s.store.Save(r.Context(), o)                                           // want `the error of Store.Save is discarded: when the call fails the handler carries on`
	w.WriteHeader(http.StatusCreated)
}

func (s *server) form(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()                    // want `the error of http.Request.ParseForm is discarded`
	file, _, _ := r.FormFile("data") // want `the error of http.Request.FormFile is discarded`
	data, _ := io.ReadAll(file)      // want `the error of io.ReadAll is discarded`
	fmt.Fprintf(w, "%d bytes", len(data))
}

func (s *server) raw(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var o order
	_ = json.Unmarshal(body, &o) // want `the error of json.Unmarshal is discarded`
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.Decode(&o) // want `the error of json.Decoder.Decode is discarded`
	w.Write([]byte(o.ID))
}

func (s *server) proxy(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://upstream/", nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	resp, _ := s.client.Do(req) // want `the error of http.Client.Do is discarded: when the upstream call fails`
	defer resp.Body.Close()
	other, _ := http.Get("http://other/") // want `the error of http.Get is discarded`
	defer other.Body.Close()
	io.Copy(w, resp.Body)
}

func (s *server) name(w http.ResponseWriter, r *http.Request) {
	var name string
	s.db.QueryRowContext(r.Context(), "SELECT name FROM users WHERE id = ?", r.FormValue("id")).Scan(&name) // want `the error of sql.Row.Scan is discarded`
	old := legacy{s.db}
	old.Exec("UPDATE users SET seen = 1") // want `the error of sql.DB.Exec is discarded`
	fmt.Fprintln(w, name)
}

// --- logged, then a success reply: positives ---

func (s *server) get(w http.ResponseWriter, r *http.Request) {
	o, err := s.store.Find(r.Context(), r.URL.Query().Get("id"))
	if err != nil { // want `the error of Store.Find is only logged: the handler carries on and replies success with json.NewEncoder\(...\).Encode \(line 98\)`
		log.Printf("find: %v", err)
	}
	json.NewEncoder(w).Encode(o)
}

func (s *server) update(w http.ResponseWriter, r *http.Request) {
	var o order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil { // want `the error of json.Decoder.Decode is only logged: the handler carries on and replies success with w.WriteHeader \(line 106\)`
		log.Println("decode:", err)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) count(w http.ResponseWriter, r *http.Request) {
	var n int
	err := s.db.QueryRowContext(r.Context(), "SELECT count(*) FROM orders").Scan(&n)
	if err != nil { // want `the error of sql.Row.Scan is only logged`
		log.Print(err)
	}
	switch r.URL.Query().Get("format") {
	case "text":
		fmt.Fprintf(w, "%d", n)
	default:
		http.Error(w, "unknown format", http.StatusBadRequest)
	}
}

// --- near misses ---

func (s *server) writes(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("a"))
	fmt.Fprintf(w, "b")
	io.WriteString(w, "c")
	json.NewEncoder(w).Encode(order{})
	enc := json.NewEncoder(w)
	enc.Encode(order{})
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	http.NewResponseController(w).SetWriteDeadline(deadline())
}

func (s *server) closes(w http.ResponseWriter, r *http.Request) {
	defer r.Body.Close()
	rows, err := s.db.QueryContext(r.Context(), "SELECT 1")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	tx, err := s.db.BeginTx(r.Context(), nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(r.Context(), "DELETE FROM orders"); err != nil {
		_ = tx.Rollback()
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	rows.Close()
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) storedThenHandled(w http.ResponseWriter, r *http.Request) {
	var o order
	err := json.NewDecoder(r.Body).Decode(&o)
	if err != nil {
		log.Printf("decode: %v", err)
	}
	if o.ID == "" {
		o.ID = "new"
	}
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, o.ID)
}

func (s *server) inMemory(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	buf.WriteString("x")
	fmt.Fprintf(&buf, "%d", 1)
	var sb strings.Builder
	sb.WriteString("y")
	h := sha256.New()
	h.Write(buf.Bytes())
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	cookie, _ := r.Cookie("session")
	_ = cookie
	fmt.Println("page", page)
	io.Copy(io.Discard, r.Body)
	io.ReadAll(r.Body) // drained: nothing read is kept
	w.Write(h.Sum(nil))
}

func (s *server) touch(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if err := s.store.Touch(r.Context(), id); err != nil { // want `the error of Store.Touch is only logged: the handler carries on and replies success with fmt.Fprintln`
		log.Printf("touch %s: %v", id, err)
	}
	fmt.Fprintln(w, id)
}

func (s *server) fallback(w http.ResponseWriter, r *http.Request) {
	o, err := s.store.Find(r.Context(), "default")
	if err != nil {
		log.Print(err)
		o = order{ID: "default"}
	}
	json.NewEncoder(w).Encode(o)
}

func (s *server) loggedThenErrorReply(w http.ResponseWriter, r *http.Request) {
	for _, id := range r.URL.Query()["id"] {
		o, err := s.store.Find(r.Context(), id)
		if err != nil {
			log.Print(err)
			continue
		}
		fmt.Fprintln(w, o.ID)
	}
}

func (s *server) background(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = s.store.Save(context.Background(), order{})
	}()
	w.WriteHeader(http.StatusAccepted)
}

func (s *server) hijack(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	conn.Write([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n"))
	rw.Flush()
}

func (s *server) suppressed(w http.ResponseWriter, r *http.Request) {
	//resetlint:ignore handlererrors the body is optional for this endpoint
	json.NewDecoder(r.Body).Decode(new(order))
	w.WriteHeader(http.StatusOK)
}

// notAHandler is outside any request scope.
func notAHandler(db *sql.DB) {
	db.Exec("VACUUM")
}

// outbound is handed only a request, which may as well be an outbound
// one (client code): request-only helpers are left to their callers.
func outbound(req *http.Request) int {
	body, _ := io.ReadAll(req.Body)
	return len(body)
}

func (s *server) symbols(w http.ResponseWriter, r *http.Request) {
	b := bufio.NewReader(r.Body)
	for {
		word, err := b.ReadSlice('+')
		pc, _ := strconv.ParseUint(string(word), 0, 64) // a scalar: 0 means "skip"
		if pc != 0 {
			fmt.Fprintf(w, "%#x\n", pc)
		}
		if err != nil {
			break
		}
	}
}

// An explicit blank discard of work known only by its context parameter
// is deliberate best-effort work (a cache fill), as errcheck treats it;
// a blank discard of a request read or a database call is still reported.
func (s *server) bestEffort(w http.ResponseWriter, r *http.Request) {
	_ = s.store.Touch(r.Context(), r.URL.Query().Get("id"))
	_ = r.ParseForm()                                                 // want `the error of http.Request.ParseForm is discarded`
	_, _ = s.db.ExecContext(r.Context(), "UPDATE hits SET n = n + 1") // want `the error of sql.DB.ExecContext is discarded`
	w.WriteHeader(http.StatusNoContent)
}
