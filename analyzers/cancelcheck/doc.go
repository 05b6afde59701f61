package cancelcheck

// doc is the pass's documentation, shown by `resetlint help cancelcheck`.
const doc = `cancelcheck: not implemented yet`
