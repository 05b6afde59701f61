package doublewrite

import "net/http"

// requireAuth rejects a request without credentials and says so through
// its result.
func requireAuth(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") == "" {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return false
	}
	return true
}

// The result is dropped, so nothing stops the handler after the 401.
func secretIgnoringAuth(w http.ResponseWriter, r *http.Request) {
	requireAuth(w, r)
	w.Write([]byte("secret")) // want `w.Write writes on some path after a complete reply was sent by requireAuth`
}

// The result is checked: the handler returns after the 401.
func secretCheckingAuth(w http.ResponseWriter, r *http.Request) {
	if !requireAuth(w, r) {
		return
	}
	w.Write([]byte("secret"))
}

// Stored and checked later: still a checked result.
func secretStoringAuth(w http.ResponseWriter, r *http.Request) {
	ok := requireAuth(w, r)
	if !ok {
		return
	}
	w.Write([]byte("secret"))
}
