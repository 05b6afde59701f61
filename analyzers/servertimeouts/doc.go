package servertimeouts

// doc is the pass's documentation, shown by `resetlint help servertimeouts`.
const doc = `servertimeouts: not implemented yet`
