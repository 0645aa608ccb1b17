package httpx

import (
	"log/slog"
	"mime"
	"net/http"
	"strconv"
)

// Download answers 200 with body as a file attachment named filename
// (an internal name, never user text), marked no-store.
func Download(w http.ResponseWriter, contentType, filename string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		slog.Warn("httpx: write download", slog.Any("error", err))
	}
}
