package handlererrors

// doc is the pass's documentation, shown by `resetlint help handlererrors`.
const doc = `handlererrors: not implemented yet`
