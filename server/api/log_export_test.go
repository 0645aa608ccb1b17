package api

// CleanLog exposes cleanLog to the external tests.
var CleanLog = cleanLog
