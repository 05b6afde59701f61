package ignoredirective

// doc is the pass's documentation, shown by `resetlint help ignoredirective`.
const doc = `report malformed //resetlint:ignore directives

A finding is silenced by a directive on its line or the line above:

	//resetlint:ignore doublewrite,cancelcheck the proxy streams on purpose

The directive names one or more passes, separated by commas, and gives a
reason. This pass reports a directive that gives no reason (it silences
nothing, because an unexplained silence is how real bugs hide) and one
that names no pass or an unknown pass (usually a typo, which silences
nothing either).

Bad:

	//resetlint:ignore doublewite
	http.Error(w, msg, 500)

Fixed:

	//resetlint:ignore doublewrite the header was not written on this path, see #412
	http.Error(w, msg, 500)`
