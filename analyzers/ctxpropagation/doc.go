package ctxpropagation

// doc is the pass's documentation, shown by `resetlint help ctxpropagation`.
const doc = `ctxpropagation: not implemented yet`
