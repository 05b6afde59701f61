package cancelcheck

// doc is the pass's documentation, shown by `resetlint help cancelcheck`.
const doc = `report handlers that wait, stream or write after the client has gone

When a client goes away (it timed out, the user closed the tab, a proxy or
load balancer cut an idle keep-alive connection), net/http cancels the
request's context, r.Context(). A handler that never looks at it keeps
waiting and working for nobody, and its next write goes to a closed
connection: "write: broken pipe" or "connection reset by peer" in the logs,
and the work was wasted. These are the field guide's scenarios 3 (timeout
misconfiguration: a client or proxy gives up on a slow handler), 7
(client-side abort: the operation must be cancelled with the request) and 8
(keep-alive: the connection a late write goes to may already be closed).

Inside request scopes (net/http, gin and echo handlers, and the helpers they
hand request values to) the pass reports:

  - a write to the response that follows a blocking wait with no check of the
    request context between them on some path. Waits: a bare channel receive
    (<-ch, v, ok := <-ch, for range ch), sync.WaitGroup.Wait, sync.Cond.Wait,
    a select with neither a case on the request context's Done() nor a
    default, and calls of helpers that wait (a fact, across packages).
    Checks: ctx.Err(), a select with a case on ctx.Done(), a call given the
    request context that returns an error (it reports the cancellation), a
    helper that checks the context (a fact);
  - time.Sleep, which does not wake up when the client leaves. The fix waits
    in a select on time.After and the request context's Done() that returns
    when the client is gone (offered when the function has no results, or
    returns an error last and literal zero values before it);
  - a streaming loop (SSE, long-poll, chunked output: a loop that writes to
    the response over time because it flushes, waits or never ends by itself)
    that discards every write error and never checks the request context: it
    keeps running after the client has left;
  - http.CloseNotifier and CloseNotify, deprecated: use r.Context().Done().

Bad, an SSE handler that streams into the void:

	func events(w http.ResponseWriter, r *http.Request) {
		flusher := w.(http.Flusher)
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for {
			select {
			case t := <-ticker.C:
				fmt.Fprintf(w, "data: %s\n\n", t)
				flusher.Flush()
			}
		}
	}

Fixed, the loop ends with the request:

	for {
		select {
		case <-r.Context().Done():
			return
		case t := <-ticker.C:
			fmt.Fprintf(w, "data: %s\n\n", t)
			flusher.Flush()
		}
	}

Bad, a long poll that answers a client that gave up 30 seconds ago:

	select {
	case m := <-updates:
		json.NewEncoder(w).Encode(m)
	case <-time.After(30 * time.Second):
		w.WriteHeader(http.StatusNoContent)
	}

Fixed: add "case <-r.Context().Done(): return" to the select.

gin: *gin.Context is itself a context.Context, but its Done() is nil and its
Err() nil unless the engine sets ContextWithFallback, so selecting on
c.Done() or checking c.Err() does not notice the client leaving. The pass
treats them as no check and says so; use c.Request.Context(). For echo the
request context is c.Request().Context().

Left alone: a select with a case on the request context's Done(); a loop
that stops on a write error (the error of a Write, Fprintf, Encode or
ResponseController.Flush is used) or that reads the request body (the read
fails once the client is gone); receives that cannot outlast the request (a
channel fed only by goroutines that observe the request context, a channel
returned by a call given the request context, a channel the function itself
sent on or closed before, a WaitGroup whose goroutines all observe the
request context); a select with a default (it does not block); work on a
context.WithoutCancel context (deliberately detached); code in goroutines and
other function literals that are not handlers themselves (they are not the
handler's path: handlergoroutine looks at goroutines that touch w or r); code
outside request scopes; _test.go files, whose test servers sleep and block on
purpose (flag -tests).

A context.Context parameter of a request-scope function counts as the
request context: callers hand helpers r.Context(). A call of a helper (or a
closure) handed the response is a write when it commits the response, writes
body bytes or replies on some path (its response flow, a fact across
packages); one that only sets headers, or does nothing to the response, is
not. A wait and a write in the same loop are judged as a loop (one finding
for the loop, not one per write), and a write after time.Sleep is covered by
the time.Sleep finding.

Flags: -sleep=false turns off the time.Sleep report; -tests analyses
_test.go files too.`
