package ctxpropagation

// doc is the pass's documentation, shown by `resetlint help ctxpropagation`.
const doc = `report outbound work in a handler that is not tied to the request context

This is scenario 7 of the ECONNRESET field guide, "client-side abort:
cancel the operation", in Go. When a client disconnects, net/http cancels
r.Context(). Work started with context.Background(), with http.NewRequest,
or with a call such as db.Query that takes no context at all does not see
that: the query, the upstream request or the child process goes on for a
client that has gone, holding a connection, a pool slot or a CPU, and
under load the server falls over doing work nobody will read.

Bad:

	func search(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rows, err := db.Query("SELECT ... WHERE name LIKE ?", r.FormValue("q"))
		...
		req, _ := http.NewRequest("GET", suggestURL, nil)
		resp, err := client.Do(req.WithContext(ctx))
	}

Fixed:

	func search(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		rows, err := db.QueryContext(ctx, "SELECT ... WHERE name LIKE ?", r.FormValue("q"))
		...
		req, _ := http.NewRequestWithContext(ctx, "GET", suggestURL, nil)
		resp, err := client.Do(req)
	}

Inside a request scope with the request in reach (a handler, a helper
that receives the *http.Request or a framework context, a closure in
either) the pass reports:

  - context.Background() and context.TODO(). Two fixes, since the intent
    may be either: use the request context (a variable that holds it, or
    r.Context(), c.Request.Context() for gin, c.Request().Context() for
    echo), which -fix applies; or, for work that must outlive the request,
    context.WithoutCancel of it, which says so and keeps the request's
    values;
  - a call of F where a sibling FContext (or FWithContext) takes a
    context.Context first and otherwise the same parameters, looked up
    in the method set of the receiver or the scope of the package:
    db.Query -> QueryContext, tx.Exec -> ExecContext, db.Ping ->
    PingContext, exec.Command -> CommandContext, http.NewRequest ->
    NewRequestWithContext, and the same for any library or type of your
    own. The fix renames the call and passes the request context first;
  - the few calls whose context-taking form is elsewhere: net.Dial and
    net.DialTimeout (fix: (&net.Dialer{...}).DialContext), net.Lookup*
    (fix: net.DefaultResolver.Lookup*), db.Begin (fix: BeginTx(ctx,
    nil)), tls.Dial, and the Get/Head/Post/PostForm methods of an
    *http.Client;
  - a *gin.Context passed as a context.Context. gin.Context implements
    context.Context, but its Done() is nil unless the engine sets
    ContextWithFallback, so the callee is not cancelled when the client
    leaves; the fix passes c.Request.Context(). If your engines set
    ContextWithFallback, set -ctxpropagation.ginfallback.

Left alone: code outside request scopes (main, init, background jobs);
contexts built from the request context (context.With* of it, and
context.WithoutCancel of it, a deliberate detachment); work in a go or
defer statement or a time.AfterFunc callback, which may outlive the
request on purpose; a context.Background() handed to a goroutine; calls of
F that already take a context; siblings whose other parameters differ
(signal.Notify); http.Get and http.DefaultClient, which clienttimeouts
reports; _test.go files, whose handlers are test doubles (set
-ctxpropagation.tests to include them). Deprecation is not checked: type
information carries no doc comments.`
