package servertimeouts

// doc is the pass's documentation, shown by `resetlint help servertimeouts`.
const doc = `report HTTP servers that run without read-header and idle timeouts

An http.Server with no ReadHeaderTimeout (or ReadTimeout) waits forever
for a request's headers: a slowloris client that sends one byte a minute
holds a connection, a goroutine and a file descriptor for as long as it
likes, and a few thousand of them take the server down. With no
IdleTimeout (or ReadTimeout) an idle keep-alive connection is kept
forever. http.ListenAndServe, http.ListenAndServeTLS, http.Serve and
http.ServeTLS build such a server.

servertimeouts reports:
  - calls of http.ListenAndServe, ListenAndServeTLS, Serve and ServeTLS;
  - an http.Server built in a function (a literal, &http.Server{...},
    new(http.Server), a zero var) and served there (ListenAndServe,
    ListenAndServeTLS, Serve, ServeTLS, also inside a goroutine or as a
    method value) with neither ReadHeaderTimeout nor ReadTimeout, or with
    neither IdleTimeout nor ReadTimeout (a constant zero or negative value
    is "off");
  - a timeout set to a unit-less constant below one second:
    ReadTimeout: 5 is 5ns, and every connection is closed at once;
  - with -servertimeouts.write, a served server with no WriteTimeout (off
    by default: a WriteTimeout cuts long streams and downloads).

Bad:

	http.HandleFunc("/", hello)
	log.Fatal(http.ListenAndServe(":8080", nil))

	srv := &http.Server{Addr: ":8080", Handler: mux, ReadTimeout: 5}

Fixed:

	srv := &http.Server{
		Addr:              ":8080",
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServe())

Suggested fixes add the missing fields to the literal (importing "time"
when needed), rewrite http.ListenAndServe(addr, h) into
(&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: ...,
IdleTimeout: ...}).ListenAndServe(), and offer two fixes for a unit-less
value: "use seconds" (5 * time.Second) and "make nanoseconds explicit".

Left alone: fields assigned later in the same function
(srv.ReadHeaderTimeout = ...), values that are not constant (config
variables, flags), a missing IdleTimeout when keep-alives are switched
off (srv.SetKeepAlivesEnabled(false)), servers handed to code the pass cannot see before they
are served (passed to a function, stored in a field or a global,
returned), servers never served in the function that builds them,
httptest servers, and test files.

Field guide, scenario 3 (timeout misconfiguration, req.setTimeout(0)):
a server with no timeouts is the Go form of a Node server whose timeouts
were switched off.`
