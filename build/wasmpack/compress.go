package main

import (
	"bytes"
	"compress/gzip"
	"fmt"

	"github.com/andybalholm/brotli"
)

// The server sends app.wasm precompressed: brotli to browsers that accept
// it, else gzip. Both are made once per build at their highest levels.
const (
	brotliQuality = 11
	brotliWindow  = 24 // 16 MB: the whole module is one window
)

// gzipBest is b compressed with gzip at its best compression.
func gzipBest(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// brotliBest is b compressed with brotli at quality 11.
func brotliBest(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliWindow})
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	return buf.Bytes(), nil
}
