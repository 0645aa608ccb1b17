package model

import "time"

// ImportMapping is a user's saved way of reading a kind of file: the
// import request (format, column mapping, instrument-to-ticker map) as
// JSON, for files whose header has Signature. Header is the header row as
// a JSON array, to show.
type ImportMapping struct {
	ID, Name, Signature string
	Header, Spec        string
	UpdatedAt           time.Time
}

// MaxImportMappings is how many saved import settings a user may keep.
const MaxImportMappings = 50
