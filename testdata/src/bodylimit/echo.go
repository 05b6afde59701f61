package bodylimit

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// ---- positives ----

func echoCreate(c echo.Context) error {
	var o order
	if err := c.Bind(&o); err != nil { // want `c.Bind reads the request body`
		return err
	}
	return c.JSON(http.StatusCreated, o)
}

func echoUpload(c echo.Context) error {
	_, err := c.FormFile("file") // want `c.FormFile parses a multipart body with no size limit`
	return err
}

// ---- near misses ----

func echoBehindUse(c echo.Context) error {
	var o order
	return c.Bind(&o)
}

func echoBehindRoute(c echo.Context) error {
	var o order
	return c.Bind(&o)
}

func echoRoutes() {
	e := echo.New()
	e.POST("/create", echoCreate)
	e.POST("/upload", echoUpload, middleware.Logger())
	e.POST("/route", echoBehindRoute, middleware.BodyLimit("1M"))

	e2 := echo.New()
	e2.Use(middleware.BodyLimit("2M"))
	e2.POST("/use", echoBehindUse)
}
