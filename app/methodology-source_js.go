//go:build js && wasm

package ui

// embeddedMethodology is empty in app.wasm: the client fetches the
// document from methodologyPath.
const embeddedMethodology = ""
