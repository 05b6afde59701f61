package handlererrors

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// --- positives ---

func (s *server) ginCreate(c *gin.Context) {
	var o order
	c.ShouldBindJSON(&o) // want `the error of gin.Context.ShouldBindJSON is discarded: a malformed or cut-off request`
	if err := s.store.Save(c, o); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, o)
}

func (s *server) ginLogged(c *gin.Context) {
	var o order
	if err := c.ShouldBindJSON(&o); err != nil { // want `the error of gin.Context.ShouldBindJSON is only logged: the handler carries on and replies success with c.JSON`
		log.Println(err)
	}
	c.JSON(http.StatusOK, o)
}

func (s *server) echoCreate(c echo.Context) error {
	var o order
	_ = c.Bind(&o)                         // want `the error of echo.Context.Bind is discarded`
	s.store.Save(c.Request().Context(), o) // want `the error of Store.Save is discarded`
	return c.JSON(http.StatusCreated, o)
}

// --- near misses ---

func (s *server) ginHandedOn(c *gin.Context) {
	var o order
	if err := c.ShouldBindJSON(&o); err != nil {
		c.Error(err)
	}
	c.JSON(http.StatusOK, o)
}

func (s *server) ginAbort(c *gin.Context) {
	var o order
	if err := c.ShouldBindJSON(&o); err != nil {
		log.Println(err)
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, o)
}

func (s *server) echoReturned(c echo.Context) error {
	var o order
	if err := c.Bind(&o); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	c.JSON(http.StatusOK, o)
	return nil
}
