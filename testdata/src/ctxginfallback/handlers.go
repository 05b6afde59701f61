// Package ctxginfallback is checked with -ctxpropagation.ginfallback: its
// engines set ContextWithFallback, so a *gin.Context is a request context.
package ctxginfallback

import (
	"database/sql"

	"github.com/gin-gonic/gin"
)

func items(db *sql.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		rows, err := db.QueryContext(c, "SELECT id FROM items")
		if err == nil {
			rows.Close()
		}
	}
}
