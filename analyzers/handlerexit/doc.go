package handlerexit

// doc is the pass's documentation, shown by `resetlint help handlerexit`.
const doc = `handlerexit: not implemented yet`
