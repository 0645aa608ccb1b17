package importer

import (
	"errors"
	"fmt"
)

// Caps on an imported file. A file over any of them is refused as a whole.
const (
	// MaxFileBytes is the largest file accepted (2 MiB: a decade of a busy
	// account's broker export).
	MaxFileBytes = 2 << 20
	// MaxRows is the most records a file may have (header and preamble
	// lines included).
	MaxRows = 10000
	// MaxColumns is the most fields a record may have.
	MaxColumns = 64
	// MaxCellBytes is the longest cell accepted.
	MaxCellBytes = 1024
	// maxTxs is the most transactions one import may add.
	maxTxs = 5000
)

// ErrFile is wrapped by every error that refuses a file as a whole (bad
// encoding, over a cap, not the format asked for). Its message is meant
// for the user.
var ErrFile = errors.New("importer: file refused")

// FileError is a refusal of the whole file with a message for the user.
type FileError struct{ Msg string }

func (e *FileError) Error() string { return e.Msg }

// Unwrap makes errors.Is(err, ErrFile) true.
func (e *FileError) Unwrap() error { return ErrFile }

func fileErr(format string, args ...any) error {
	return &FileError{Msg: fmt.Sprintf(format, args...)}
}

// LineError is one line of the file that cannot be imported. Line is the
// 1-based line of the file (0 for the file as a whole).
type LineError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}
