package handlererrors

// doc is the pass's documentation, shown by `resetlint help handlererrors`.
const doc = `report handler errors that are thrown away or only logged before a success reply

A handler that ignores the error of decoding the request goes on with
zero values and answers 200 to a request it never understood; one that
ignores the error of a database or upstream call replies as if the work
had been done. Logging the error and carrying on is the same bug with a
log line: the client still gets a success response built on a failure.

handlererrors reports, inside request scopes (handlers and the helpers
and closures they use):
  - a discarded error (the call used as a statement, or the error
    assigned to _) of
      reading the request: methods of the *http.Request or of the
      framework context that return an error (ParseForm,
      ParseMultipartForm, FormFile, c.ShouldBindJSON, c.Bind), any call
      handed the body or a value built from it
      (json.NewDecoder(r.Body).Decode, io.ReadAll(r.Body),
      json.Unmarshal(body, &v)), a user helper handed the request;
      outbound work: methods of database/sql types and of *http.Client
      (also through embedding), calls whose results include a
      database/sql type, an *http.Response or a net connection, methods
      of a net connection, and calls that take a context.Context, the
      Go convention for work that may block on I/O (switch the last
      off with -handlererrors.context=false);
  - an if err != nil branch made only of calls that do not reply
    (logging), after which a path reaches a success reply (a body
    write, a constant status below 400, a redirect, a served file),
    when err comes from reading the request or from outbound work.

Bad:

	var req Order
	json.NewDecoder(r.Body).Decode(&req)
	user, err := s.users.Find(r.Context(), req.UserID)
	if err != nil {
		log.Printf("find user: %v", err)
	}
	json.NewEncoder(w).Encode(user)

Fixed:

	var req Order
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	user, err := s.users.Find(r.Context(), req.UserID)
	if err != nil {
		log.Printf("find user: %v", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(user)

There is no suggested fix: how to reply (status, body, helper) is the
handler's policy.

Left alone: errors of writes to the ResponseWriter and to writers built
on it (cancelcheck's business), Close and Rollback, errors stored and
looked at again later, writers that cannot fail (bytes.Buffer,
strings.Builder, hashes), io.Copy into io.Discard, console and log
output, an explicit blank discard (_ = cache.Set(ctx, k, v)) of work
known only by its context parameter (best-effort work, as errcheck
treats it; a blank request read or database call is still reported),
cookie lookups, pure computations (strconv.Atoi on a query
parameter), request constructors (http.NewRequestWithContext), work
started by go and defer, reads that drain the body and keep nothing
(io.ReadAll(r.Body) as a statement), helpers handed only an
*http.Request (they may be client code: their callers are checked), and
a logged branch that assigns a fallback value, hands the error to the
framework (c.Error(err)) or fails a test. A best-effort call (a cache
write) whose error is only logged before a success reply is reported
too: silence it with //resetlint:ignore handlererrors <reason>.
_test.go files are skipped unless -handlererrors.tests is set.

Field guide, scenario 2 (unhandled external-call errors): the Go form of
a callback that ignores its err argument and carries on.`
