package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxBodyBytes is the default cap on request bodies (1 MiB).
const MaxBodyBytes = 1 << 20

// decodeErr is a client mistake in a request body: an *Error with status
// 400, 413 or 415.
func decodeErr(status int, code, msg string) error {
	return NewError(status, code, msg)
}

// Decode reads exactly one JSON value from the body into dst: the
// Content-Type must be JSON, unknown fields (any case) and duplicate keys are
// refused, trailing data is refused, invalid UTF-8, NUL and escaped
// unpaired UTF-16 surrogates (which would be stored as U+FFFD) are refused
// and the body is capped at MaxBodyBytes. The error is an *Error for the client.
func Decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return decodeErr(http.StatusUnsupportedMediaType, "unsupported_media_type",
			"Content-Type must be application/json.")
	}
	body, err := readBody(w, r, MaxBodyBytes)
	if err != nil {
		return err
	}
	return DecodeBytes(body, dst)
}

// DecodeBytes applies Decode's rules to an in-memory body.
func DecodeBytes(body []byte, dst any) error {
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
		return decodeErr(http.StatusBadRequest, "invalid_json", "Request body must be valid UTF-8 JSON.")
	}
	if loneSurrogate(body) {
		return decodeErr(http.StatusBadRequest, "invalid_json",
			`Request body holds an unpaired UTF-16 surrogate escape (such as "\ud800"): text must be valid Unicode.`)
	}
	if err := checkDuplicateKeys(body); err != nil {
		return decodeErr(http.StatusBadRequest, "invalid_json", err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeErr(http.StatusBadRequest, "invalid_json", describeJSONError(err))
	}
	if dec.More() {
		return decodeErr(http.StatusBadRequest, "invalid_json", "Request body must hold a single JSON value.")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return decodeErr(http.StatusBadRequest, "invalid_json", "Request body must hold a single JSON value.")
	}
	if err := checkExactKeys(body, dst); err != nil {
		return decodeErr(http.StatusBadRequest, "invalid_json", err.Error())
	}
	return nil
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, decodeErr(http.StatusRequestEntityTooLarge, "too_large", "Request body is too large.")
		}
		return nil, decodeErr(http.StatusBadRequest, "bad_body", "Request body could not be read.")
	}
	return body, nil
}

// ReadLimited reads a non-JSON body (such as a CSV upload) up to limit
// bytes; the error is an *Error for the client.
func ReadLimited(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	return readBody(w, r, limit)
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("Malformed JSON at byte %d.", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("Field %q has the wrong type.", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "Unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "Request body is empty or truncated."
	default:
		return "Malformed JSON."
	}
}
