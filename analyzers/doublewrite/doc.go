package doublewrite

// doc is the pass's documentation, shown by `resetlint help doublewrite`.
const doc = `report replies written twice: a second status, a late header, a body after an error

Once a handler has sent the status line, the response is committed: a
second status cannot reach the client. net/http logs "http: superfluous
response.WriteHeader call" (gin "[WARNING] Headers were already
written", echo "response already committed") and the client keeps the
first status, so the error the handler meant to report is lost. Headers
set after the first write are silently dropped. And bytes written after
a complete reply (http.Error, http.Redirect, http.NotFound,
http.ServeFile, c.Redirect, c.AbortWithStatusJSON) are appended to it:
the client gets the error text followed by the success body, a mangled
response. The usual cause is a reply with no return after it.

doublewrite follows each handler's control-flow graph and reports, on
some path:
  - a status (w.WriteHeader, http.Error, http.Redirect, http.NotFound,
    gin's c.JSON, c.String, c.AbortWithStatus*, echo's c.JSON, ...)
    after the response was committed (WriteHeader, a first Write, a
    Flush, a reply);
  - a header change (w.Header().Set/Add/Del, gin's c.Header) after the
    response was committed;
  - body bytes after a complete reply: a terminal one, a framework
    reply (c.JSON, c.String, ...), or a helper that always sends a
    status and a body (writeJSON(w, code, v)).
Helpers count as if their calls were inline: what writeError(w, err),
respond.JSON(w, code, v) or a closure bound to a local variable does to
the response is summarised, across packages too. When the earlier reply
is the last statement of an if block (logging calls may follow it), the
finding is reported at that reply, and in a function with no results a
suggested fix adds the missing return.

Bad:

	if err != nil {
		writeError(w, err) // http.Error inside
	}
	json.NewEncoder(w).Encode(item)

Fixed:

	if err != nil {
		writeError(w, err)
		return
	}
	json.NewEncoder(w).Encode(item)

Left alone: several body writes in a row (streaming), writes on
mutually exclusive paths (if/else branches, switch cases), writes in a
closure that returns, replies followed by return, break, continue,
panic or os.Exit, 1xx informational statuses (103 Early Hints),
gin's c.Status before the reply (gin sends it with the first write),
replies guarded by c.Writer.Written() or c.Response().Committed,
header keys declared as trailers, http.Error on the failure branch of
a write whose error is checked (an encoder or template usually fails
before sending anything), and a reply in an earlier iteration of a
loop. A helper that returns a value (if !authorize(w, r) { return })
tells its caller through it whether it replied; only what it does on
every path counts, unless the caller drops the result. _test.go files, whose test servers often misuse
the response on purpose, are skipped unless -doublewrite.tests is set.

Field guide, scenario 1 (abrupt client disconnect, res.headersSent):
Express throws "Cannot set headers after they are sent"; Go logs a
superfluous WriteHeader and the client gets a wrong or mangled reply.`
