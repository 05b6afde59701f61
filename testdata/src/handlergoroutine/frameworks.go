package handlergoroutine

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// ---- positives ----

func ginLate(c *gin.Context) {
	go func() { // want `goroutine uses c but the handler does not wait for it: the framework reuses the context for another request once the handler returns`
		c.JSON(http.StatusOK, gin.H{"ok": true})
	}()
}

func ginRequestContext(c *gin.Context) {
	go audit(c.Request.Context(), c.Param("id")) // want `goroutine uses c.Request.Context\(\) but the handler does not wait for it`
	c.Status(http.StatusAccepted)
}

func echoLate(c echo.Context) error {
	go func() { // want `goroutine uses c but the handler does not wait for it`
		c.String(http.StatusOK, "late")
	}()
	return nil
}

// ---- near misses ----

// gin's documented way: a read-only copy of the context.
func ginCopy(c *gin.Context) {
	cCp := c.Copy()
	go func() {
		log.Println("done", cCp.Request.URL.Path)
	}()
	c.Status(http.StatusAccepted)
}

func ginWaits(c *gin.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Header("X-Worker", "1")
	}()
	<-done
	c.Status(http.StatusOK)
}
