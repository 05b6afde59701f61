package bodylimit

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
)

// ginLimit is a gin middleware that bounds the body.
func ginLimit(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// ---- positives ----

func ginRaw(c *gin.Context) {
	data, err := io.ReadAll(c.Request.Body) // want `io.ReadAll reads the request body`
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	c.Data(http.StatusOK, "application/octet-stream", data)
}

func ginRawData(c *gin.Context) {
	data, _ := c.GetRawData() // want `c.GetRawData reads the request body`
	c.Data(http.StatusOK, "text/plain", data)
}

// ---- near misses ----

func ginBoundedItself(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	var o order
	c.ShouldBindJSON(&o)
}

func ginBehindUse(c *gin.Context) {
	var o order
	c.ShouldBindJSON(&o)
}

func ginBehindRoute(c *gin.Context) {
	var o order
	c.BindJSON(&o)
}

func ginBehindGroup(c *gin.Context) {
	c.GetRawData()
}

func ginRoutes() {
	r := gin.New()
	r.POST("/raw", ginRaw)
	r.POST("/rawdata", ginRawData)
	r.POST("/bounded", ginBoundedItself)
	r.POST("/route", ginLimit(1<<20), ginBehindRoute)

	api := r.Group("/api", ginLimit(1<<20))
	api.POST("/group", ginBehindGroup)

	v2 := gin.New()
	v2.Use(ginLimit(1 << 20))
	v2.POST("/use", ginBehindUse)
}

// Binding the query reads no body.
func ginQuery(c *gin.Context) {
	var p struct{ Page int }
	c.ShouldBindWith(&p, binding.Query)
	c.ShouldBindQuery(&p)
}

// Binding JSON explicitly does.
func ginBindWithJSON(c *gin.Context) {
	var o order
	c.MustBindWith(&o, binding.JSON) // want `c.MustBindWith reads the request body`
}
