package ctxpropagation

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/gin-gonic/gin"
)

// Outside request scopes: the process's own work.
var startup = context.Background()

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	db, _ := sql.Open("postgres", "")
	db.Ping()
	_ = ctx
}

func refresh(db *sql.DB) {
	db.Exec("REFRESH MATERIALIZED VIEW stats")
}

// derived uses contexts built from the request context.
func (a *api) derived(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	rows, err := a.db.QueryContext(ctx, "SELECT 1")
	if err == nil {
		rows.Close()
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://upstream/", nil)
	_ = req
	select {
	case <-ctx.Done():
		return
	case <-time.After(time.Second):
	}
}

// laterContext gives the request its context after building it, the
// idiom from before NewRequestWithContext.
func (a *api) laterContext(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, "http://upstream/", nil)
	if err != nil {
		return
	}
	req = req.WithContext(r.Context())
	if resp, err := a.client.Do(req); err == nil {
		resp.Body.Close()
	}
}

// audit detaches on purpose: the audit record must be written even when
// the client has gone.
func (a *api) audit(w http.ResponseWriter, r *http.Request) {
	detached := context.WithoutCancel(r.Context())
	go func() {
		a.db.ExecContext(detached, "INSERT INTO audit VALUES (?)", r.URL.Path)
	}()
	bg := context.Background()
	go a.process(bg)
	go func() {
		a.db.Exec("INSERT INTO audit VALUES (?)", "async")
	}()
	defer a.db.Exec("UPDATE stats SET hits = hits + 1")
	time.AfterFunc(time.Minute, func() {
		a.db.Exec("DELETE FROM sessions WHERE expired")
	})
}

func (a *api) process(ctx context.Context) {}

// writeError receives only the ResponseWriter: no request context in
// reach.
func writeError(w http.ResponseWriter, err error) {
	ctx := context.Background()
	_ = ctx
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

// Notify has a sibling NotifyContext, but with other parameters.
func (a *api) signals(w http.ResponseWriter, r *http.Request) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	signal.Stop(ch)
}

// clients leaves http.Get and http.DefaultClient to clienttimeouts.
func (a *api) clients(w http.ResponseWriter, r *http.Request) {
	if resp, err := http.Get("http://upstream/"); err == nil {
		resp.Body.Close()
	}
	if resp, err := http.DefaultClient.Get("http://upstream/"); err == nil {
		resp.Body.Close()
	}
}

// Publisher's Publish already takes a context; PublishContext adds a
// parent for its retries. Publish is not a context-less variant.
type Publisher struct{}

func (Publisher) Publish(ctx context.Context, topic string) error { return nil }
func (Publisher) PublishContext(parent, ctx context.Context, topic string) error {
	return nil
}

func (a *api) publish(w http.ResponseWriter, r *http.Request) {
	var p Publisher
	p.Publish(r.Context(), "items")
}

// ginGood passes the request's context, not the gin context.
func ginGood(db *sql.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		rows, err := db.QueryContext(c.Request.Context(), "SELECT 1")
		if err == nil {
			rows.Close()
		}
	}
}

// suppressed keeps a deliberate detachment with a directive.
func (a *api) suppressed(w http.ResponseWriter, r *http.Request) {
	//resetlint:ignore ctxpropagation the cache warm-up must finish even if the client leaves
	a.db.Exec("SELECT warm_cache()")
}

// Logging takes a context for its values only: slog's Info is not work
// that goes on after the client has gone, and neither is any call with
// no results, whose caller could not see it cut short.
func logsRequest(w http.ResponseWriter, r *http.Request) {
	slog.Info("request", "path", r.URL.Path)
	logger := slog.Default()
	logger.Warn("slow request", "path", r.URL.Path)
	var t tracer
	t.Event("served")
}

type tracer struct{}

func (tracer) Event(name string)                             {}
func (tracer) EventContext(ctx context.Context, name string) {}
