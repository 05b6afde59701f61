package clienttimeouts

// doc is the pass's documentation, shown by `resetlint help clienttimeouts`.
const doc = `report HTTP clients with no timeout and connection pools that go stale or are thrown away

http.DefaultClient, and any http.Client with no Timeout, waits forever
for a server that accepted the connection and then stalled: the request,
the goroutine that made it, and whatever it holds (a handler, a lock, a
worker slot) are stuck with it. An http.Transport with no
IdleConnTimeout keeps pooled connections until the server closes them;
the next request written on such a stale connection gets ECONNRESET or
an EOF. A Transport built per request or per loop iteration never reuses
a connection: each request dials anew and leaves an idle connection
behind, until the process runs out of file descriptors.

clienttimeouts reports:
  - http.Get, http.Head, http.Post, http.PostForm, and requests sent
    through http.DefaultClient (Do, Get, Head, Post, PostForm), unless
    the request given to Do carries a context (NewRequestWithContext,
    req.WithContext) other than context.Background/TODO, or the package
    sets http.DefaultClient.Timeout itself;
  - an http.Client built (literal, new, zero var) with no Timeout, unless
    a Timeout is assigned later in the same function or every request
    the client sends there carries a deadline built there
    (context.WithTimeout, context.WithDeadline);
  - an http.Transport built with no IdleConnTimeout;
  - an http.Transport built, or cloned, inside a request handler or a
    loop body and dropped after it (not kept in a map, a field or a
    global for reuse);
  - a unit-less constant below one second in a duration setting
    (Client.Timeout, Transport.IdleConnTimeout, TLSHandshakeTimeout,
    ResponseHeaderTimeout, net.Dialer.Timeout): Timeout: 30 is 30ns.

Bad:

	func fetch(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get(upstream)
		...
		c := &http.Client{Transport: &http.Transport{}}
		...
	}

Fixed:

	var client = &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{IdleConnTimeout: 90 * time.Second},
	}

	func fetch(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, upstream, nil)
		...
		resp, err := client.Do(req)
		...
	}

Suggested fixes add Timeout: 30 * time.Second or
IdleConnTimeout: 90 * time.Second to the literal (importing "time" when
needed), turn http.Get(u) into (&http.Client{Timeout: 30 *
time.Second}).Get(u) and http.DefaultClient into such a client (it
shares http.DefaultTransport, so connections are still pooled), and offer
"use seconds" and "make nanoseconds explicit" for a unit-less value.
A Transport built per request has no mechanical fix: move it to where
the program starts.

Left alone: timeouts assigned later, values that are not constant
(config variables), a Client with no Transport of its own built per
request (it shares http.DefaultTransport's pool), Transports built in a
loop and kept for reuse, one-off Transports whose CloseIdleConnections is
called where they are built, clones of http.DefaultTransport (they keep its
IdleConnTimeout), test files and test helpers (files that import testing
or start httptest servers).

Field guide, scenario 4 (unstable external API, retries): a client with
no timeout is how one slow upstream takes every handler down with it,
and a stale pooled connection is the Go client's ECONNRESET.`
