// Package handlers replies through the helpers of package respond: what
// they do to the response reaches this package as facts.
package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"respond"
)

type user struct{ ID string }

func find(id string) (user, error) { return user{}, errors.New("no") }

// --- positives ---

func getUser(w http.ResponseWriter, r *http.Request) {
	u, err := find(r.URL.Query().Get("id"))
	if err != nil {
		respond.Fail(w, err, http.StatusNotFound) // want `respond.Fail replies but the handler does not return: on the path out of this if, respond.JSON \(line 25\) sends a second status`
	}
	respond.JSON(w, http.StatusOK, u)
}

func failIfThenJSON(w http.ResponseWriter, r *http.Request) {
	u, err := find(r.URL.Query().Get("id"))
	respond.FailIf(w, err)
	respond.JSON(w, http.StatusOK, u) // want `respond.JSON sends a status on some path after the response was committed by respond.FailIf \(line 30\)`
}

func corsTooLate(w http.ResponseWriter, r *http.Request) {
	respond.Text(w, "hello")
	respond.CORS(w) // want `respond.CORS changes a header after the response was committed by respond.Text`
}

func methodThenText(w http.ResponseWriter, r *http.Request) {
	rp := &respond.Responder{}
	rp.NotFound(w, r)
	respond.Text(w, "not here either") // want `respond.Text writes after a complete reply was sent by rp.NotFound`
}

func writerSecond(w http.ResponseWriter, r *http.Request) {
	if _, err := find(""); err != nil {
		respond.Internal(err, w) // want `respond.Internal replies but the handler does not return`
	}
	w.Write([]byte("ok"))
}

func ginUser(c *gin.Context) {
	u, err := find(c.Param("id"))
	if err != nil {
		respond.Abort(c, http.StatusNotFound, err) // want `respond.Abort replies but the handler does not return: on the path out of this if, respond.OK \(line 57\) sends a second status`
	}
	respond.OK(c, u)
}

// --- near misses ---

func checked(w http.ResponseWriter, r *http.Request) {
	u, err := find(r.URL.Query().Get("id"))
	if respond.Check(w, err) {
		return
	}
	respond.JSON(w, http.StatusOK, u)
}

func failThenReturn(w http.ResponseWriter, r *http.Request) {
	u, err := find(respond.Describe(r))
	if err != nil {
		respond.Fail(w, err, http.StatusNotFound)
		return
	}
	respond.CORS(w)
	respond.JSON(w, http.StatusOK, u)
}

func ginOKOrAbort(c *gin.Context) {
	if u, err := find(c.Param("id")); err == nil {
		respond.OK(c, u)
	} else {
		respond.Abort(c, http.StatusNotFound, err)
	}
}
