// Package ctxpropagation holds handlers whose outbound work is not tied
// to the request context: it goes on after the client has gone.
package ctxpropagation

import (
	"context"
	"crypto/tls"
	"database/sql"
	"io"
	"net"
	"net/http"
	"os/exec"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"

	"ctxstore"
)

type api struct {
	db     *sql.DB
	client *http.Client
	users  UserStore
}

// UserStore is the application's own store, with context-taking siblings.
type UserStore interface {
	Get(id string) (string, error)
	GetContext(ctx context.Context, id string) (string, error)
}

func (a *api) list(w http.ResponseWriter, r *http.Request) {
	rows, err := a.db.Query("SELECT id FROM items WHERE owner = ?", r.FormValue("owner")) // want `^a.db.Query does not take the request context: the work goes on after the client has gone; call QueryContext\(r.Context\(\), ...\)$`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	if err := a.db.Ping(); err != nil { // want `^a.db.Ping does not take the request context`
		return
	}
}

func (a *api) transfer(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tx, err := a.db.Begin() // want `^a.db.Begin does not take the request context: the work goes on after the client has gone; call BeginTx\(ctx, nil\)$`
	if err != nil {
		return
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1"); err != nil { // want `^tx.Exec does not take the request context: .*call ExecContext\(ctx, ...\)$`
		return
	}
	stmt, err := tx.Prepare("INSERT INTO log VALUES (?)") // want `^tx.Prepare does not take the request context`
	if err != nil {
		return
	}
	stmt.Exec(r.FormValue("note")) // want `^stmt.Exec does not take the request context`
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM log").Scan(&n); err != nil {
		return
	}
	tx.Commit()
}

func (a *api) proxy(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, "http://upstream/items", nil) // want `^http.NewRequest does not take the request context: the work goes on after the client has gone; call NewRequestWithContext\(r.Context\(\), ...\)$`
	if err != nil {
		return
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
	resp2, err := a.client.Get("http://upstream/other") // want `^a.client.Get does not take the request context: .*build the request with http.NewRequestWithContext\(r.Context\(\), ...\) and call Do$`
	if err == nil {
		resp2.Body.Close()
	}
}

func (a *api) thumbnail(w http.ResponseWriter, r *http.Request) {
	out, err := exec.Command("convert", r.FormValue("src"), "-resize", "64x64", "png:-").Output() // want `^exec.Command does not take the request context: .*call CommandContext\(r.Context\(\), ...\)$`
	if err != nil {
		return
	}
	w.Write(out)
}

func (a *api) name(w http.ResponseWriter, r *http.Request) {
	n, err := a.users.Get(r.FormValue("id")) // want `^a.users.Get does not take the request context: .*call GetContext\(r.Context\(\), ...\)$`
	if err != nil {
		return
	}
	m, _ := ctxstore.UserName(r, a.db)
	w.Write([]byte(n + m))
}

func (a *api) dial(w http.ResponseWriter, r *http.Request) {
	conn, err := net.Dial("tcp", "cache:11211") // want `^net.Dial does not take the request context: .*use \(&net.Dialer\{\}\).DialContext\(r.Context\(\), ...\)$`
	if err == nil {
		conn.Close()
	}
	conn2, err := net.DialTimeout("tcp", "cache:11211", 2*time.Second) // want `^net.DialTimeout does not take the request context`
	if err == nil {
		conn2.Close()
	}
	addrs, _ := net.LookupHost(r.FormValue("host"))           // want `^net.LookupHost does not take the request context: .*use net.DefaultResolver.LookupHost\(r.Context\(\), ...\)$`
	ips, _ := net.LookupIP("example.com")                     // want `^net.LookupIP does not take the request context`
	tc, err := tls.Dial("tcp", "upstream:443", &tls.Config{}) // want `^tls.Dial does not take the request context: .*use \(&tls.Dialer\{Config: ...\}\).DialContext\(r.Context\(\), ...\)$`
	if err == nil {
		tc.Close()
	}
	_, _ = addrs, ips
}

// loadItem is a helper that receives the request.
func loadItem(r *http.Request, db *sql.DB) (string, error) {
	var s string
	err := db.QueryRow("SELECT v FROM items WHERE id = ?", r.FormValue("id")).Scan(&s) // want `^db.QueryRow does not take the request context`
	return s, err
}

func ginItems(db *sql.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		rows, err := db.Query("SELECT id FROM items") // want `^db.Query does not take the request context: .*call QueryContext\(c.Request.Context\(\), ...\)$`
		if err != nil {
			c.AbortWithStatus(http.StatusInternalServerError)
			return
		}
		rows.Close()
		rows, err = db.QueryContext(c, "SELECT id FROM items") // want `^\*gin.Context passed as a context.Context: its Done\(\) is nil unless the engine sets ContextWithFallback, so the call is not cancelled when the client leaves; pass c.Request.Context\(\)$`
		if err == nil {
			rows.Close()
		}
		c.JSON(http.StatusOK, nil)
	}
}

func echoExport(c echo.Context) error {
	out, err := exec.Command("pg_dump", "shop").Output() // want `^exec.Command does not take the request context: .*call CommandContext\(c.Request\(\).Context\(\), ...\)$`
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/sql", out)
}
