// Package middleware is a fixture stub of
// github.com/labstack/echo/v4/middleware: the API surface resetlint's
// passes recognise, with no behaviour.
package middleware

import "github.com/labstack/echo/v4"

// BodyLimit returns a middleware that rejects bodies above limit ("2M").
func BodyLimit(limit string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
}

// Logger returns a logging middleware.
func Logger() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
}
