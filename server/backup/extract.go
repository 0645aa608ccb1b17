package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
)

// Limits bound what Restore accepts from an archive.
type Limits struct {
	MaxFiles     int   // entries, manifest included
	MaxFileSize  int64 // bytes per file
	MaxTotalSize int64 // bytes of all files together
}

// DefaultLimits are used when RestoreOptions.Limits is zero.
var DefaultLimits = Limits{MaxFiles: 200_000, MaxFileSize: 16 << 30, MaxTotalSize: 64 << 30}

// ErrBadArchive reports an archive that Restore refuses.
var ErrBadArchive = errors.New("backup: invalid archive")

// maxTrailing caps data after the end of the tar stream.
const maxTrailing = 1 << 20

// extract unpacks the archive at from into the empty directory stage and
// returns the SHA-256 of every file it wrote, keyed by archive path.
func extract(ctx context.Context, from, stage string, lim Limits) (map[string]FileSum, error) {
	f, err := os.Open(from) // #nosec G304 -- path is built by this program from the data or backup directory, never from request input
	if err != nil {
		return nil, fmt.Errorf("backup: open archive: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadArchive, err)
	}
	root, err := os.OpenRoot(stage)
	if err != nil {
		return nil, fmt.Errorf("backup: open staging dir: %w", err)
	}
	defer root.Close()
	x := &extractor{root: root, lim: lim, sums: map[string]FileSum{}}
	if err := x.all(ctx, tar.NewReader(gz)); err != nil {
		return nil, err
	}
	// Read to the end so gzip checks its CRC and length trailer.
	n, err := io.Copy(io.Discard, io.LimitReader(gz, maxTrailing+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadArchive, err)
	}
	if n > maxTrailing {
		return nil, fmt.Errorf("%w: trailing data after tar stream", ErrBadArchive)
	}
	return x.sums, nil
}

type extractor struct {
	root  *os.Root
	lim   Limits
	sums  map[string]FileSum
	total int64
}

func (x *extractor) all(ctx context.Context, tr *tar.Reader) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("backup: restore: %w", err)
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadArchive, err)
		}
		if err := x.check(hdr); err != nil {
			return err
		}
		if err := x.write(hdr, tr); err != nil {
			return err
		}
	}
}

// check rejects anything but a bounded regular file with an allowed name.
func (x *extractor) check(hdr *tar.Header) error {
	switch {
	case hdr.Typeflag != tar.TypeReg:
		return fmt.Errorf("%w: entry %q is not a regular file (type %q)", ErrBadArchive, hdr.Name, hdr.Typeflag)
	case !validEntry(hdr.Name):
		return fmt.Errorf("%w: entry name %q not allowed", ErrBadArchive, hdr.Name)
	case x.sums[hdr.Name] != (FileSum{}):
		return fmt.Errorf("%w: duplicate entry %q", ErrBadArchive, hdr.Name)
	case len(x.sums) >= x.lim.MaxFiles:
		return fmt.Errorf("%w: more than %d entries", ErrBadArchive, x.lim.MaxFiles)
	case hdr.Size < 0 || hdr.Size > x.lim.MaxFileSize:
		return fmt.Errorf("%w: entry %q too large", ErrBadArchive, hdr.Name)
	case hdr.Name == manifestName && hdr.Size > maxManifestBytes:
		return fmt.Errorf("%w: manifest too large", ErrBadArchive)
	case x.total+hdr.Size > x.lim.MaxTotalSize:
		return fmt.Errorf("%w: archive larger than %d bytes", ErrBadArchive, x.lim.MaxTotalSize)
	}
	return nil
}

// write stores one entry below the root (which never resolves outside it),
// hashing it on the way, and fsyncs it.
func (x *extractor) write(hdr *tar.Header, r io.Reader) error {
	if dir := path.Dir(hdr.Name); dir != "." {
		if err := x.root.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("backup: restore: mkdir %s: %w", dir, err)
		}
	}
	f, err := x.root.OpenFile(hdr.Name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: restore: create %s: %w", hdr.Name, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		return fmt.Errorf("%w: read %s: %w", ErrBadArchive, hdr.Name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: restore: sync %s: %w", hdr.Name, err)
	}
	x.total += n
	x.sums[hdr.Name] = FileSum{Path: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	return nil
}
