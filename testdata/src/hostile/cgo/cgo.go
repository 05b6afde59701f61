// Package cgo serves a request with the help of C code.
package cgo

/*
#include <stdlib.h>
static int twice(int x) { return 2 * x; }
*/
import "C"

import (
	"fmt"
	"net/http"
	"strconv"
	"unsafe"
)

func handle(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	cs := C.CString(r.FormValue("s"))
	defer C.free(unsafe.Pointer(cs))
	fmt.Fprintln(w, int(C.twice(C.int(n))), C.GoString(cs))
}

// Mux registers the handler.
func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", handle)
	return mux
}
