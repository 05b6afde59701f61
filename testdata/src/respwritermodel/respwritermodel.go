// Package respwritermodel is the table of respwriter.Classify's answers.
package respwritermodel

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var tmpl = template.Must(template.New("x").Parse(""))

func netHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain") // want `header w.Header\(\).Set`
	w.Header().Get("X")
	w.WriteHeader(http.StatusOK) // want `status w.WriteHeader`
	w.Write([]byte("x"))         // want `body w.Write`
	fmt.Fprintf(w, "%d", 1)      // want `body fmt.Fprintf`
	fmt.Println(w)
	io.Copy(w, strings.NewReader("x"))    // want `body io.Copy`
	io.WriteString(w, "x")                // want `body io.WriteString`
	json.NewEncoder(w).Encode(1)          // want `body json.NewEncoder\(...\).Encode`
	tmpl.Execute(w, nil)                  // want `body Template.Execute`
	w.(http.Flusher).Flush()              // want `flush Flush`
	http.NewResponseController(w).Flush() // want `flush Flush`
	http.NewResponseController(w).EnableFullDuplex()
	http.Error(w, "bad", http.StatusBadRequest) // want `reply terminal http.Error`
	http.Redirect(w, r, "/", http.StatusFound)  // want `reply terminal http.Redirect`
	http.NotFound(w, r)                         // want `reply terminal http.NotFound`
	http.ServeFile(w, r, "x")                   // want `reply terminal http.ServeFile`
	log.Printf("%v", r.URL)
	rw := w
	rw.WriteHeader(500) // want `status rw.WriteHeader`
}

func ginHandler(c *gin.Context) {
	c.Header("X", "y")                  // want `header c.Header`
	c.JSON(200, gin.H{})                // want `reply c.JSON`
	c.String(200, "x")                  // want `reply c.String`
	c.AbortWithStatus(500)              // want `status c.AbortWithStatus`
	c.AbortWithStatusJSON(500, gin.H{}) // want `reply terminal c.AbortWithStatusJSON`
	c.Redirect(302, "/")                // want `reply terminal c.Redirect`
	c.Writer.WriteHeader(204)           // want `status c.Writer.WriteHeader`
	c.Writer.Write(nil)                 // want `body c.Writer.Write`
	c.Next()
}

func echoHandler(c echo.Context) error {
	c.Response().WriteHeader(200)      // want `status c.Response\(\).WriteHeader`
	c.Response().Header().Set("X", "") // want `header w.Header\(\).Set`
	c.JSON(200, nil)                   // want `reply c.JSON`
	c.NoContent(204)                   // want `reply c.NoContent`
	c.Redirect(302, "/")               // want `reply terminal c.Redirect`
	return nil
}
