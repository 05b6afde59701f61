package ctxpropagation

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func (a *api) report(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // want `^context.Background\(\) is not cancelled when the client disconnects: the work goes on after the client has gone; use the request context r.Context\(\) \(or context.WithoutCancel\(r.Context\(\)\) if the work must outlive the request\)$`
	defer cancel()
	rows, err := a.db.QueryContext(ctx, "SELECT 1")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (a *api) stats(w http.ResponseWriter, r *http.Request) {
	reqCtx := r.Context()
	_, _ = a.db.QueryContext(context.TODO(), "SELECT 2") // want `^context.TODO\(\) is not cancelled when the client disconnects: .*use the request context reqCtx`
	_ = reqCtx
}

func (a *api) ginStats(c *gin.Context) {
	ctx := context.Background() // want `^context.Background\(\) is not cancelled .*use the request context c.Request.Context\(\)`
	_, _ = a.db.QueryContext(ctx, "SELECT 3")
}
