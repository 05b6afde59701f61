package doublewrite

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func lookup(id string) (item, error) { return item{}, errors.New("no") }

// --- gin positives ---

func ginJSONWithoutReturn(c *gin.Context) {
	it, err := lookup(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": err.Error()}) // want `c.JSON replies but the handler does not return: on the path out of this if, c.JSON \(line 20\) sends a second status, which the client never sees \(gin logs "\[WARNING\] Headers were already written"\)`
	}
	c.JSON(http.StatusOK, it)
}

func ginAbortThenString(c *gin.Context) {
	c.AbortWithStatus(http.StatusUnauthorized)
	c.String(http.StatusOK, "welcome") // want `c.String sends a status after the response was committed by c.AbortWithStatus \(line 24\): gin logs "\[WARNING\] Headers were already written"`
}

func ginRedirectThenWrite(c *gin.Context) {
	c.Redirect(http.StatusFound, "/login")
	c.Writer.Write([]byte("see /login")) // want `c.Writer.Write writes after a complete reply was sent by c.Redirect`
}

func ginHeaderAfterJSON(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{})
	c.Header("X-Request-Id", "1") // want `c.Header changes a header after the response was committed by c.JSON`
}

// --- echo positives ---

func echoJSONTwice(c echo.Context) error {
	it, err := lookup(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusInternalServerError, map[string]string{"error": err.Error()})
	}
	return c.JSON(http.StatusOK, it) // want `c.JSON sends a status on some path after the response was committed by c.JSON \(line 43\): echo logs "response already committed"`
}

func echoRedirectThenBody(c echo.Context) error {
	c.Redirect(http.StatusFound, "/")
	_, err := c.Response().Write([]byte("moved")) // want `c.Response\(\).Write writes after a complete reply was sent by c.Redirect`
	return err
}

// --- near misses ---

func ginLazyStatus(c *gin.Context) {
	c.Status(http.StatusCreated)
	c.Header("Location", "/items/1")
	c.JSON(http.StatusCreated, gin.H{"id": 1})
}

func ginAbortReturn(c *gin.Context) {
	if c.Query("token") == "" {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "token"})
		return
	}
	c.Next()
	if !c.Writer.Written() {
		c.JSON(http.StatusOK, gin.H{"ok": true})
	}
}

func ginWrittenGuard(c *gin.Context) {
	c.Next()
	if c.Writer.Written() {
		return
	}
	c.JSON(http.StatusNotFound, gin.H{})
}

func ginStream(c *gin.Context) {
	for i := 0; i < 3; i++ {
		c.SSEvent("tick", i)
		c.Writer.Flush()
	}
}

func echoReturnReply(c echo.Context) error {
	it, err := lookup(c.Param("id"))
	if err != nil {
		return c.JSON(http.StatusNotFound, map[string]string{"error": err.Error()})
	}
	return c.JSON(http.StatusOK, it)
}

func echoCommittedGuard(c echo.Context) error {
	if c.Request().Method == http.MethodHead {
		c.NoContent(http.StatusOK)
	}
	if !c.Response().Committed {
		return c.String(http.StatusOK, "body")
	}
	return nil
}
