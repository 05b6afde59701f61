package cancelcheck

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// ---- gin and echo long polls ----

// gin: c.Done() is nil unless the engine sets ContextWithFallback, so
// this select waits for the message whatever the client does.
func ginPoll(c *gin.Context) {
	select {
	case <-c.Done():
		return
	case m := <-messages:
		c.JSON(http.StatusOK, gin.H{"m": m}) // want `c.JSON writes to the response after a select with no case on the request context's Done\(\) .*check c.Request.Context\(\).Err\(\).*\*gin.Context's Done\(\) is nil unless the engine sets ContextWithFallback`
	}
}

// c.Err() on a gin context is nil unless ContextWithFallback: no check.
func ginErr(c *gin.Context) {
	m := <-messages
	if c.Err() != nil {
		return
	}
	c.String(http.StatusOK, m) // want `c.String writes to the response after a receive from messages .*ContextWithFallback`
}

func echoPoll(c echo.Context) error {
	m := <-messages
	return c.String(http.StatusOK, m) // want `c.String writes to the response after a receive from messages .*check c.Request\(\).Context\(\).Err\(\)`
}

// A gin helper that replies, called after the wait.
func ginHelperPoll(c *gin.Context) {
	m := <-messages
	respond(c, m) // want `respond writes to the response after a receive from messages .*check c.Request.Context\(\).Err\(\)`
}

func respond(c *gin.Context, m string) { c.JSON(http.StatusOK, gin.H{"m": m}) }

// ---- near misses ----

// A gin helper that only sets a header sends nothing.
func ginHeadersAfterWait(c *gin.Context) {
	<-messages
	ginNoCache(c)
}

func ginNoCache(c *gin.Context) { c.Header("Cache-Control", "no-store") }

func ginPollRequestContext(c *gin.Context) {
	select {
	case <-c.Request.Context().Done():
		return
	case m := <-messages:
		c.JSON(http.StatusOK, gin.H{"m": m})
	}
}

func echoPollDone(c echo.Context) error {
	ctx := c.Request().Context()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case m := <-messages:
		return c.String(http.StatusOK, m)
	}
}

func echoErrCheck(c echo.Context) error {
	m := <-messages
	if err := c.Request().Context().Err(); err != nil {
		return err
	}
	return c.String(http.StatusOK, m)
}
