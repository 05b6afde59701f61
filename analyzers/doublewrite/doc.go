package doublewrite

// doc is the pass's documentation, shown by `resetlint help doublewrite`.
const doc = `doublewrite: not implemented yet`
