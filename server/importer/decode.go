package importer

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Encoding names Decode reports.
const (
	EncUTF8        = "utf-8"
	EncUTF8BOM     = "utf-8-bom"
	EncUTF16LE     = "utf-16le"
	EncUTF16BE     = "utf-16be"
	EncWindows1252 = "windows-1252"
)

// Decode turns the bytes of a text file into a string and names the
// encoding it found. UTF-8 (with or without a byte-order mark) and UTF-16
// with a byte-order mark are read as such; other bytes that are not UTF-8
// are read as Windows-1252 (a superset of Latin-1, what spreadsheets on
// Windows save) when every byte is a printable character there. Anything
// else (UTF-16 without a mark, binary data, control characters) is refused
// with a message saying what to do.
func Decode(data []byte) (string, string, error) {
	if len(data) > MaxFileBytes {
		return "", "", fileErr("The file is larger than %d MiB.", MaxFileBytes>>20)
	}
	if len(data) == 0 {
		return "", "", fileErr("The file is empty.")
	}
	text, enc, err := decodeBytes(data)
	if err != nil {
		return "", "", err
	}
	if i := indexBadControl(text); i >= 0 {
		return "", "", fileErr("The file contains control characters (at byte %d): it is not a text file. Export it again as CSV.", i)
	}
	return text, enc, nil
}

func decodeBytes(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		rest := data[3:]
		if !utf8.Valid(rest) {
			return "", "", fileErr("The file starts with a UTF-8 byte-order mark but is not valid UTF-8.")
		}
		return string(rest), EncUTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), data, EncUTF16LE)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), data, EncUTF16BE)
	case bytes.IndexByte(data, 0) >= 0:
		return "", "", fileErr("The file contains NUL bytes: it is binary, or UTF-16 without a byte-order mark. Save it as UTF-8 CSV.")
	case utf8.Valid(data):
		return string(data), EncUTF8, nil
	}
	return decodeWindows1252(data)
}

// decodeWith decodes UTF-16 and checks the result is well formed.
func decodeWith(enc encoding.Encoding, data []byte, name string) (string, string, error) {
	if len(data)%2 != 0 {
		return "", "", fileErr("The file says it is UTF-16 but has an odd number of bytes.")
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", "", fileErr("The file says it is UTF-16 but is not valid UTF-16.")
	}
	return string(out), name, nil
}

// decodeWindows1252 reads bytes as Windows-1252 when each one is a defined,
// printable character there.
func decodeWindows1252(data []byte) (string, string, error) {
	for i, b := range data {
		switch b {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return "", "", fileErr("The file is neither UTF-8 nor Windows-1252/Latin-1 (byte 0x%02X at %d). Save it as UTF-8 CSV.", b, i)
		}
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fileErr("The file is neither UTF-8 nor Windows-1252/Latin-1. Save it as UTF-8 CSV.")
	}
	return string(out), EncWindows1252, nil
}

// indexBadControl returns the byte index of the first control
// character other than tab, CR and LF, or -1.
func indexBadControl(s string) int {
	for i, r := range s {
		if r == '\t' || r == '\r' || r == '\n' {
			continue
		}
		if unicode.IsControl(r) || r == '\uFEFF' && i > 0 {
			return i
		}
	}
	return -1
}
