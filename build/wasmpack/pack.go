package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// WebAssembly section ids (the binary format, section 5.5).
const (
	sectionData      = 11
	sectionDataCount = 12
)

// zeroGap is the shortest run of zero bytes that still ends a data segment
// in the packed module. Go's linker starts a new segment at every run of
// eight zeros, about 100,000 segments for Fortfolio's client, each with a
// header of its own offset and length: small raw savings that compress
// badly. Memory starts zeroed, so leaving a run out or writing it is the
// same program; long runs are still left out.
const zeroGap = 4096

// segment is one active data segment of memory 0: bytes written at an
// offset when the module is instantiated.
type segment struct {
	offset uint32
	data   []byte
}

// pack returns module with its data segments merged: the same memory
// image, written by a few segments split only at long runs of zeros.
// Every other section is copied unchanged. It refuses what it does not
// understand (passive segments, other memories, offsets that are not
// constants, overlapping segments) instead of guessing.
func pack(module []byte) ([]byte, error) {
	if len(module) < 8 || !bytes.Equal(module[:4], []byte("\x00asm")) || !bytes.Equal(module[4:8], []byte{1, 0, 0, 0}) {
		return nil, errors.New("not a WebAssembly module (version 1)")
	}
	sections, err := readSections(module[8:])
	if err != nil {
		return nil, err
	}
	var packed []segment
	for _, s := range sections {
		if s.id != sectionData {
			continue
		}
		segs, err := readSegments(s.body)
		if err != nil {
			return nil, fmt.Errorf("data section: %w", err)
		}
		if packed, err = merge(segs); err != nil {
			return nil, fmt.Errorf("data section: %w", err)
		}
	}
	out := append([]byte(nil), module[:8]...)
	for _, s := range sections {
		switch s.id {
		case sectionData:
			s.body = writeSegments(packed)
		case sectionDataCount:
			s.body = appendU32(nil, len32(len(packed)))
		}
		out = appendSection(out, s.id, s.body)
	}
	return out, nil
}

// section is one section of a module: its id and its bytes.
type section struct {
	id   byte
	body []byte
}

// readSections splits a module's bytes after its header into sections.
func readSections(b []byte) ([]section, error) {
	var out []section
	data := 0
	for r := (reader{b: b}); !r.done(); {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		body, err := r.sized()
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
		if id == sectionData {
			if data++; data > 1 {
				return nil, errors.New("two data sections")
			}
		}
		out = append(out, section{id: id, body: body})
	}
	return out, nil
}

// readSegments decodes the segments of a data section. Only active
// segments of memory 0 with an i32.const offset are accepted: the only
// kind Go's linker writes.
func readSegments(body []byte) ([]segment, error) {
	r := reader{b: body}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	if uint64(n) > uint64(len(body)) {
		return nil, fmt.Errorf("%d segments in %d bytes", n, len(body))
	}
	segs := make([]segment, 0, n)
	for k := uint32(0); k < n; k++ {
		kind, err := r.u32()
		if err != nil {
			return nil, err
		}
		if kind != 0 {
			return nil, fmt.Errorf("segment %d: kind %d (only active segments of memory 0 are packed)", k, kind)
		}
		if op, err := r.byte(); err != nil || op != 0x41 {
			return nil, fmt.Errorf("segment %d: offset is not an i32.const", k)
		}
		off, err := r.s32()
		if err != nil {
			return nil, err
		}
		if end, err := r.byte(); err != nil || end != 0x0b {
			return nil, fmt.Errorf("segment %d: offset expression is not a single constant", k)
		}
		data, err := r.sized()
		if err != nil {
			return nil, fmt.Errorf("segment %d: %w", k, err)
		}
		if off < 0 || uint64(off)+uint64(len(data)) > 1<<32 {
			return nil, fmt.Errorf("segment %d: outside 32-bit memory", k)
		}
		segs = append(segs, segment{offset: uint32(off), data: data})
	}
	if !r.done() {
		return nil, errors.New("bytes after the last segment")
	}
	return segs, nil
}

// maxImage bounds the memory image merge builds (the span from the first
// segment's start to the last one's end; Fortfolio's client spans 5 MB).
const maxImage = 64 << 20

// merge writes the segments into one memory image and cuts it at runs of
// at least zeroGap zeros. Segments must not overlap: the result would
// depend on their order.
func merge(segs []segment) ([]segment, error) {
	if len(segs) == 0 {
		return nil, nil
	}
	sorted := slices.Clone(segs)
	slices.SortStableFunc(sorted, func(a, b segment) int { return cmp.Compare(a.offset, b.offset) })
	lo, hi := uint64(sorted[0].offset), uint64(0)
	for _, s := range sorted {
		if uint64(s.offset) < hi && len(s.data) > 0 {
			return nil, fmt.Errorf("segments overlap at offset %d", s.offset)
		}
		hi = max(hi, uint64(s.offset)+uint64(len(s.data)))
	}
	if hi-lo > maxImage {
		return nil, fmt.Errorf("segments span %d bytes, over %d", hi-lo, maxImage)
	}
	if hi > math.MaxInt32 {
		return nil, errors.New("segments beyond 2 GiB")
	}
	image := make([]byte, hi-lo)
	for _, s := range sorted {
		copy(image[uint64(s.offset)-lo:], s.data)
	}
	return split(image, uint32(lo)), nil // #nosec G115 -- lo < hi <= MaxInt32, checked above
}

// split cuts image, which starts at base, into segments around the runs
// of at least zeroGap zeros, dropping the runs and the zeros at its ends.
func split(image []byte, base uint32) []segment {
	var out []segment
	start, k := 0, 0
	for k < len(image) {
		if image[k] != 0 {
			k++
			continue
		}
		run := k
		for k < len(image) && image[k] == 0 {
			k++
		}
		if k-run >= zeroGap || k == len(image) || run == start {
			if run > start {
				out = append(out, segment{offset: base + uint32(start), data: image[start:run]})
			}
			start = k
		}
	}
	if start < len(image) {
		out = append(out, segment{offset: base + uint32(start), data: image[start:]})
	}
	return out
}

// writeSegments encodes segments as the body of a data section.
func writeSegments(segs []segment) []byte {
	b := appendU32(nil, len32(len(segs)))
	for _, s := range segs {
		b = append(b, 0, 0x41)
		b = appendS32(b, int32(s.offset)) // #nosec G115 -- merge keeps every segment below 2 GiB
		b = append(b, 0x0b)
		b = appendU32(b, len32(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

// len32 is a length as the format's u32. Every length here is bounded by
// maxImage or by the u32 it was read from, so one that is not is a bug.
func len32(n int) uint32 {
	if n < 0 || n > math.MaxUint32 {
		panic(fmt.Sprintf("wasmpack: length %d over 32 bits", n))
	}
	return uint32(n) // #nosec G115 -- range checked above
}

// appendSection appends a section with its id and size.
func appendSection(b []byte, id byte, body []byte) []byte {
	b = append(b, id)
	b = appendU32(b, len32(len(body)))
	return append(b, body...)
}
