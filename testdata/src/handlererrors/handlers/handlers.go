// Package handlers decodes and replies through the helpers of package
// respond.
package handlers

import (
	"context"
	"log"
	"net/http"

	"respond"
)

type profile struct{ Name string }

type repo interface {
	Load(ctx context.Context, name string) (profile, error)
}

type api struct{ repo repo }

// --- positives ---

func (a *api) put(w http.ResponseWriter, r *http.Request) {
	var p profile
	respond.Decode(r, &p) // want `the error of respond.Decode is discarded: a malformed or cut-off request`
	respond.JSON(w, http.StatusOK, p)
}

func (a *api) get(w http.ResponseWriter, r *http.Request) {
	p, err := a.repo.Load(r.Context(), r.URL.Query().Get("name"))
	if err != nil { // want `the error of repo.Load is only logged: the handler carries on and replies success with respond.JSON \(line 34\)`
		log.Printf("load: %v", err)
	}
	respond.JSON(w, http.StatusOK, p)
}

func (a *api) text(w http.ResponseWriter, r *http.Request) {
	var p profile
	if err := respond.Decode(r, &p); err != nil { // want `the error of respond.Decode is only logged: the handler carries on and replies success with respond.Text`
		log.Print(err)
	}
	respond.Text(w, p.Name)
}

// --- near misses ---

func (a *api) failed(w http.ResponseWriter, r *http.Request) {
	var p profile
	if err := respond.Decode(r, &p); err != nil {
		log.Print(err)
		respond.Fail(w, err, http.StatusBadRequest)
		return
	}
	respond.JSON(w, http.StatusOK, p)
}

func (a *api) errorReplyAfterLog(w http.ResponseWriter, r *http.Request) {
	p, err := a.repo.Load(r.Context(), "x")
	if err != nil {
		log.Print(err)
	}
	if p.Name == "" {
		respond.Fail(w, err, http.StatusNotFound)
		return
	}
	respond.Text(w, p.Name)
}

func (a *api) statusFromVariable(w http.ResponseWriter, r *http.Request) {
	code := http.StatusOK
	p, err := a.repo.Load(r.Context(), "x")
	if err != nil {
		log.Print(err)
	}
	if p.Name == "" {
		code = http.StatusNotFound
	}
	respond.JSON(w, code, p)
}
