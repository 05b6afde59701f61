package bodylimit

// doc is the pass's documentation, shown by `resetlint help bodylimit`.
const doc = `bodylimit: not implemented yet`
