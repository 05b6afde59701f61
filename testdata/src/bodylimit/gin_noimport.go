package bodylimit

import "github.com/gin-gonic/gin"

// A gin handler file that does not import net/http: the fix adds it.
func ginCreate(c *gin.Context) {
	var o order
	if err := c.ShouldBindJSON(&o); err != nil { // want `c.ShouldBindJSON reads the request body with no size limit`
		c.JSON(400, gin.H{"error": err.Error()})
		return
	}
	c.JSON(201, o)
}
