package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// writeArchive packs manifest m and the files it lists from stage into a
// tar.gz in dir named for created. It writes a temporary file, fsyncs it,
// publishes it under the first free name (a hard link never replaces an
// existing file) and fsyncs the directory. It returns the name and size.
func writeArchive(ctx context.Context, stage string, m Manifest, dir string, created time.Time) (string, int64, error) {
	tmp, err := os.CreateTemp(dir, tmpPrefix+"*.tmp")
	if err != nil {
		return "", 0, fmt.Errorf("backup: create archive: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	defer tmp.Close()
	if err := packTo(ctx, tmp, stage, m); err != nil {
		return "", 0, err
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("backup: sync archive: %w", err)
	}
	st, err := tmp.Stat()
	if err != nil {
		return "", 0, fmt.Errorf("backup: stat archive: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("backup: close archive: %w", err)
	}
	name, err := publish(tmp.Name(), dir, created)
	if err != nil {
		return "", 0, err
	}
	return name, st.Size(), syncDir(dir)
}

// publish links tmp under the first free name for created; an existing
// archive is never overwritten.
func publish(tmp, dir string, created time.Time) (string, error) {
	for seq := 1; seq <= maxSeq; seq++ {
		name := NameSeq(created, seq)
		err := os.Link(tmp, filepath.Join(dir, name))
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("backup: publish archive: %w", err)
		}
	}
	return "", fmt.Errorf("%w: %s", ErrExists, Name(created))
}

// packTo writes the tar.gz stream to w.
func packTo(ctx context.Context, w io.Writer, stage string, m Manifest) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	gz := gzip.NewWriter(bw)
	tw := tar.NewWriter(gz)
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: encode manifest: %w", err)
	}
	if err := writeEntry(tw, manifestName, int64(len(mb)), m.Created, bytes.NewReader(mb)); err != nil {
		return err
	}
	for _, f := range m.Files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if err := addFile(tw, stage, f, m.Created); err != nil {
			return err
		}
	}
	for _, c := range []io.Closer{tw, gz} {
		if err := c.Close(); err != nil {
			return fmt.Errorf("backup: finish archive: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("backup: write archive: %w", err)
	}
	return nil
}

func addFile(tw *tar.Writer, stage string, f FileSum, mtime time.Time) error {
	src, err := os.Open(filepath.Join(stage, filepath.FromSlash(f.Path))) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return fmt.Errorf("backup: open staged %s: %w", f.Path, err)
	}
	defer src.Close()
	return writeEntry(tw, f.Path, f.Size, mtime, src)
}

// writeEntry writes one regular file entry with a relative, clean name.
func writeEntry(tw *tar.Writer, name string, size int64, mtime time.Time, r io.Reader) error {
	hdr := &tar.Header{
		Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600,
		ModTime: mtime, Format: tar.FormatPAX,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("backup: archive %s: %w", name, err)
	}
	if _, err := io.CopyN(tw, r, size); err != nil {
		return fmt.Errorf("backup: archive %s: %w", name, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return fmt.Errorf("backup: open dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("backup: sync dir: %w", err)
	}
	return nil
}
