package bodylimit

import (
	"io"
	"net/http"
	"os"
)

// ---- positives ----

// maxMemory is not a limit on the upload: it is how much stays in memory.
func uploadAvatar(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(10 << 20); err != nil { // want `r.ParseMultipartForm parses a multipart body with no size limit \(maxMemory is not one\): files beyond 10 MiB go to temp files with no bound, so one request can fill the disk`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func uploadHuge(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(1 << 30) // want `r.ParseMultipartForm keeps up to 1 GiB of the request in memory and the body has no size limit: one request can exhaust memory`
}

func formFile(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("file") // want `r.FormFile parses a multipart body with no size limit \(maxMemory is not one\): files beyond 32 MiB go to temp files`
	if err != nil {
		return
	}
	defer f.Close()
}

func streamParts(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		return
	}
	part, err := mr.NextPart()
	if err != nil {
		return
	}
	out, _ := os.Create("/tmp/part")
	io.Copy(out, part) // want `io.Copy copies the request body to a file`
}

// ---- near misses ----

func uploadBounded(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 10<<20)
	if err := r.ParseMultipartForm(10 << 20); err != nil {
		return
	}
	r.FormFile("file")
}

func streamPartsBounded(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		return
	}
	part, err := mr.NextPart()
	if err != nil {
		return
	}
	out, _ := os.Create("/tmp/part")
	io.Copy(out, io.LimitReader(part, 10<<20))
}
