// Package ctxstore is a data-access package whose helpers receive the
// request: the request context is in reach in them too.
package ctxstore

import (
	"database/sql"
	"net/http"
)

// UserName loads the name of the user the request names.
func UserName(r *http.Request, db *sql.DB) (string, error) {
	var name string
	err := db.QueryRow("SELECT name FROM users WHERE id = ?", r.FormValue("id")).Scan(&name) // want `^db.QueryRow does not take the request context: the work goes on after the client has gone; call QueryRowContext\(r.Context\(\), ...\)$`
	return name, err
}

// Refresh receives no request: nothing to tie the query to.
func Refresh(db *sql.DB) error {
	_, err := db.Exec("REFRESH MATERIALIZED VIEW stats")
	return err
}
