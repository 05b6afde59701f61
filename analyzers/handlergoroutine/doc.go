package handlergoroutine

// doc is the pass's documentation, shown by `resetlint help handlergoroutine`.
const doc = `handlergoroutine: not implemented yet`
