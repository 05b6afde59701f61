package clienttimeouts

// doc is the pass's documentation, shown by `resetlint help clienttimeouts`.
const doc = `clienttimeouts: not implemented yet`
