package handlerexit

// doc is the pass's documentation, shown by `resetlint help handlerexit`.
const doc = `report handlers that panic or end the process mid-request

This is scenario 2 of the ECONNRESET field guide, "if (err) throw err in a
callback", in Go. A panic in a handler does not become a 500: net/http
recovers it, logs a stack trace and aborts the connection, so the client
receives a reset (or an EOF with no response) instead of an error it can
handle. log.Fatal and os.Exit are worse: they stop the whole server, so
every client's connection is reset, and a panic in a goroutine the handler
starts is not recovered at all: it crashes the process.

Bad:

	func getItem(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		check(err) // check panics on a bad id
		item, err := store.Get(r.Context(), id)
		if err != nil {
			log.Fatalf("store: %v", err) // one failed lookup ends the server
		}
		writeJSON(w, item)
	}

Fixed:

	func getItem(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			http.Error(w, "bad id", http.StatusBadRequest)
			return
		}
		item, err := store.Get(r.Context(), id)
		if err != nil {
			log.Printf("store: %v", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		writeJSON(w, item)
	}

Inside a request scope (a handler, or a closure in one) the pass reports
panic, log.Panic*, log.Fatal*, os.Exit, the Fatal and Panic methods of
*log.Logger and of well-known loggers (zap, logrus, zerolog, klog, glog),
Must helpers such as regexp.MustCompile, and calls of any function that
may panic or exit on some path. That last is learnt across packages: each
function of user code (the main module, workspace modules, directory
replacements) that may panic or exit gets an Exit fact, computed to a
fixed point over the static call graph, so check(err), must(v, err) and a
logger's Fatalf are found wherever they are declared, and a helper whose
panic its author thinks impossible is still one that may panic. Released
modules get no facts: their panics are mostly internal invariants deep in
their implementation; what they do on purpose (a logger's Fatal, a Must)
is in the pass's tables. A helper that
receives only the ResponseWriter or the Request is reported where
handlers call it. A function whose panic or exit depends on a parameter
compared with a constant (a leveled logger's log(level, msg) that exits at
LevelFatal) carries that condition, so its Infof, which passes LevelInfo,
is left alone.

Left alone: code outside request scopes (main, init, package variables);
panic(http.ErrAbortHandler), the deliberate way to abort a response; a
panic covered by a deferred recover in the handler (or in the goroutine)
that does not always re-raise it; a re-raised recovered value; Must*
calls whose arguments are built only from constants and package-level
names (template.Must(template.New("x").Parse(page)) fails on every run or
on none); calls of other handlers, which are reported in their own body;
unreachable code; and _test.go files, whose handlers often panic on
purpose to exercise recovery code (set -handlerexit.tests to include
them). There is no suggested fix: what the handler should reply instead
is the author's call.`
