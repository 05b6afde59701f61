package bodylimit

// doc is the pass's documentation, shown by `resetlint help bodylimit`.
const doc = `report request bodies read to the end with no size limit

A handler that reads the whole request body with nothing bounding it lets
one request decide how much memory (or disk) the server spends: a client
that sends gigabytes, or a slow endless chunked body, gets the process
killed for running out of memory, or keeps it so busy that it starts
resetting connections. This is scenario 5 of the field guide to
ECONNRESET ("overloaded server"): rate limiting and load shedding do not
help when a single request is enough.

Bad:

	func createOrder(w http.ResponseWriter, r *http.Request) {
		var o Order
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil { // reads as much as is sent
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		...
	}

Fixed (the suggested fix inserts the first line; a read past the limit
fails with *http.MaxBytesError and the server closes the connection
after the response):

	func createOrder(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		var o Order
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		...
	}

What counts as a read to the end, of r.Body or of an unbounded wrapper of
it (a variable holding it, bufio.NewReader, gzip.NewReader, io.TeeReader,
io.NopCloser, a reader type of the package wrapping it, r.MultipartReader
and its parts):

	io.ReadAll, ioutil.ReadAll; json/xml/gob and any NewDecoder(body);
	io.Copy and io.CopyBuffer from it, unless into io.Discard, the
	ResponseWriter, os.Stdout/Stderr, a hash, a net.Conn or an io.PipeWriter
	(these hold one buffer at a time); bufio.NewScanner and csv.NewReader
	over it (a scanner bounds a line, not the body); ReadString and
	ReadBytes of a bufio.Reader over it; httputil.DumpRequest(r, true);
	gin's Bind*, ShouldBind* (With a body binding: binding.JSON, XML, ...)
	and GetRawData; echo's c.Bind; a function of this package that reads
	an io.Reader parameter to the end, given the body; and a helper, in
	this package or another (through a fact), that reads the body of the
	request it is handed (decodeJSON(r, &v)), reported at the call.

Multipart forms. ParseMultipartForm(maxMemory) reads the whole body, but
maxMemory is not a limit on it: it is how much of the file parts stays in
memory; the rest goes to temp files, with no bound on the total. So:

	- ParseMultipartForm(n) with a constant n above -bodylimit.multipart-max
	  (default 32 MiB) is reported as a memory problem;
	- any other multipart parse of an unbounded body (ParseMultipartForm
	  with a smaller or non-constant n, r.FormFile, which parses with
	  32 MiB, mime/multipart's Reader.ReadForm, gin's and echo's FormFile
	  and MultipartForm) is reported as a disk problem, unless
	  -bodylimit.multipart-spill=false.

r.ParseForm, r.FormValue and r.PostFormValue are left alone: net/http caps
url-encoded bodies at 10 MB. (FormValue on a multipart body parses it with
32 MiB in memory; the pass cannot know the content type and stays quiet.)

What bounds the body: on every path to the read, in the handler,
r.Body = http.MaxBytesReader(w, r.Body, n), r.Body = io.NopCloser(
io.LimitReader(r.Body, n)), or any other assignment that replaces the
body with something that is not an unbounded wrapper of it; reading from
io.LimitReader(r.Body, n), http.MaxBytesReader(...) or &io.LimitedReader{}
directly; a call of a helper (this package's, or another's through a
fact) that bounds the body of the request it is handed. A check of
r.ContentLength is not a bound: a chunked request has ContentLength -1
and any length.

Middleware. A handler is also bounded when the package's own wiring puts
it behind a body-limiting middleware. A body-limiting value is
http.MaxBytesHandler(h, n); a call of a function that returns a handler or
middleware that bounds the body (a function of this package, such as
limit(next http.Handler) http.Handler whose returned handler assigns
r.Body = http.MaxBytesReader(...) before next.ServeHTTP(w, r), or a
factory Limit(n) func(http.Handler) http.Handler; a function of another
package through its fact; echo's middleware.BodyLimit, chi's
middleware.RequestSize, gin-contrib/size's RequestSizeLimiter); a value of
a type whose ServeHTTP bounds the body (&limiter{next: mux}); a gin handler
that bounds c.Request.Body. The wiring it follows, within the package:

	- wrapping: limit(mux), http.MaxBytesHandler(mux, n), limit(logged(mux)),
	  &limiter{next: mux}, whether passed to http.ListenAndServe, assigned
	  to srv.Handler or to a variable, or returned by a function;
	- registration: a handler registered by any method call on a router
	  (mux.Handle(p, h), mux.HandleFunc(p, h), r.Post(p, h), e.POST(p, h),
	  http.HandleFunc on http.DefaultServeMux) is inside that router, and
	  so are groups made from it (r.Group("/api"), r.Route(...));
	- middleware on a router: r.Use(limit), r.With(limit).Post(p, h),
	  alice.New(limit).Then(h), e.POST(p, h, middleware.BodyLimit("1M")),
	  gin's r.POST(p, limitBody, h) (gin runs a route's handlers in order)
	  and r.Group(p, limitBody);
	- a router stored in a struct field of the package and served by a
	  ServeHTTP method that passes the request on (s.mux.ServeHTTP(w, r)),
	  and a router passed to a function of the package that registers on
	  its parameter (routes(mux));
	- a handler called directly by another handler of the package (not
	  registered itself) is a helper: what it reads is reported at the
	  call, after whatever the caller bounded.

A handler counts as bounded if any visible wiring bounds it. Wiring the
pass cannot see, such as handlers declared in one package and wired up
behind a middleware in another, or a limit enforced by a reverse proxy, is
declared with -bodylimit.assume-middleware: a comma-separated list of
import paths (path/... matches below) in which the pass reports nothing.
Handlers declared in _test.go files (test servers) are not reported.

Flags:

	-bodylimit.multipart-max=32MiB     maxMemory above which a multipart
	                                   parse is reported as a memory problem
	-bodylimit.multipart-spill=true    also report multipart parses that
	                                   spill files to disk with no bound
	-bodylimit.assume-middleware=LIST  packages served behind a body limit
	                                   the pass cannot see

The suggested fix inserts r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
(c.Request.Body = ... for gin, c.Request().Body = ... for echo, importing
net/http if needed) as the first statement of the handler, so that it
runs before every read and before any copy of the request shares the
body. The limit is 1 MiB; for uploads (multipart, a copy to a file) it is
the handler's own maxMemory when that is a constant within
-bodylimit.multipart-max, else 32 MiB. Adjust it to what the endpoint
must accept.`
