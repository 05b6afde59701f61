package handlergoroutine

// doc is the pass's documentation, shown by `resetlint help handlergoroutine`.
const doc = `report goroutines that outlive the request they use, and unbounded per-request fan-out

When a handler returns, the server finishes the response, closes the
request body and cancels the request context; gin and echo put the
context back in a pool for the next request. A goroutine the handler
started and did not wait for keeps running: its write to the
ResponseWriter races with the server or panics (HTTP/2: "Write called
after Handler finished"), its read of r.Body fails, and its work under
r.Context() is aborted half way. And a handler that starts a goroutine
per element of what the client sent lets one request start as many as it
likes. These are scenarios 5 and 7 of the field guide to ECONNRESET
(overload; work that does not stop, or stops, when the client goes).

Bad:

	func notify(w http.ResponseWriter, r *http.Request) {
		go sendMail(r.Context(), r.FormValue("to")) // cancelled as soon as notify returns
		w.WriteHeader(http.StatusAccepted)
	}

	func report(w http.ResponseWriter, r *http.Request) {
		go func() {
			json.NewEncoder(w).Encode(build()) // may run after report returned
		}()
	}

	func batch(w http.ResponseWriter, r *http.Request) {
		var req struct{ IDs []string }
		json.NewDecoder(r.Body).Decode(&req)
		var wg sync.WaitGroup
		for _, id := range req.IDs { // one goroutine per id the client sent
			wg.Go(func() { fetch(r.Context(), id) })
		}
		wg.Wait()
	}

Fixed:

	func notify(w http.ResponseWriter, r *http.Request) {
		go sendMail(context.WithoutCancel(r.Context()), r.FormValue("to"))
		w.WriteHeader(http.StatusAccepted)
	}

	func report(w http.ResponseWriter, r *http.Request) {
		res := make(chan Report, 1)
		go func() { res <- build() }()
		json.NewEncoder(w).Encode(<-res)
	}

	func batch(w http.ResponseWriter, r *http.Request) {
		...
		g, ctx := errgroup.WithContext(r.Context())
		g.SetLimit(8)
		for _, id := range req.IDs {
			g.Go(func() error { return fetch(ctx, id) })
		}
		g.Wait()
	}

What it reports, inside a request scope (a handler, or a helper that a
handler of the package hands its request to; a function that merely
takes a *http.Request may be client code, such as a RoundTripper):

1. A go statement, sync.WaitGroup.Go or errgroup's Go/TryGo whose function
uses the request: the ResponseWriter (gin's c.Writer, echo's
c.Response()), the gin or echo context, r.Body, the request context
(r.Context() or a context derived from it with context.With*), or the
request itself, captured by a function literal or passed as an argument,
when the function can return without waiting for it.

Waiting means, on the path to the return: wg.Wait() on a WaitGroup the
goroutine marks Done (or started it with wg.Go), a receive from a channel
the goroutine sends on or closes (<-ch, v := <-ch, range ch, the chosen
case of a select; a receive inside a loop counts for the goroutines
started before the loop), g.Wait() on its errgroup.Group, or any of these
deferred. If the channel, WaitGroup or group is not a local variable of
the function, or leaves it (returned, passed to another function, stored),
someone else may wait and the pass stays quiet.

A goroutine that uses the writer, the body or a framework context breaks
as soon as the handler has returned, so it is reported when some path
returns without waiting ("on every path" in the message). One that only
reads request fields or works under the request context is reported only
when no path waits for it: a handler that waits for a result or gives up
(a select on the result and ctx.Done() or a timeout) means to abandon the
work, and cancelling it is the point.

2. A goroutine started in a loop over request data, with no visible bound
on how many run at once. Request data is what the handler decoded from
the body (Decode(&req), c.ShouldBindJSON(&req), json.Unmarshal), read
from the query, form, headers or path, and anything computed from it; not
the request context, and not what a call that takes a context first
(a database query, an RPC) returns. The loop ranges over it, or its
condition compares with it (i < len(ids), i < n). A bound is
errgroup.SetLimit on the goroutines' group, a semaphore (a send on a
channel in the loop before the goroutine starts, a send and a receive on
the same channel inside it, an Acquire call), a check of the data's size
(a comparison of len(data), data = data[:max], or a comparison in the
loop that breaks out or returns), or a fixed pool of workers fed through
a channel (its loop is not over request data).

Left alone: goroutines the function waits for; goroutines that use only
copies of request values taken before the go statement and a context
detached with context.WithoutCancel (gin: c.Copy()); goroutines that only
watch the request context (ctx.Done(), ctx.Err()) or close the body;
goroutines outside request scopes.

The suggested fix, offered when the request context is all a goroutine
started with go f(...) uses and it is passed as an argument, wraps it in
context.WithoutCancel: the work keeps the request's values but is no
longer cancelled with it, which is what starting it without waiting
means. WithoutCancel also drops the deadline; give the work its own with
context.WithTimeout if it needs one.`
