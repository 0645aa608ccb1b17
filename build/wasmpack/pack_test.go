package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

var header = []byte("\x00asm\x01\x00\x00\x00")

// module builds a module from sections, each given as its id and body.
func module(sections ...section) []byte {
	b := append([]byte(nil), header...)
	for _, s := range sections {
		b = appendSection(b, s.id, s.body)
	}
	return b
}

// dataSection is the body of a data section holding segs, written here
// independently of writeSegments: kind 0, i32.const offset, end, bytes.
func dataSection(segs ...segment) section {
	b := appendU32(nil, uint32(len(segs)))
	for _, s := range segs {
		b = append(b, 0x00, 0x41)
		b = appendS32(b, int32(s.offset))
		b = append(b, 0x0b)
		b = appendU32(b, uint32(len(s.data)))
		b = append(b, s.data...)
	}
	return section{id: sectionData, body: b}
}

// image is the memory a module's data segments write, as offset → byte
// for every non-zero byte (memory starts zeroed, so zeros need no entry).
func image(t testing.TB, m []byte) map[uint32]byte {
	t.Helper()
	secs, err := readSections(m[8:])
	if err != nil {
		t.Fatal(err)
	}
	out := map[uint32]byte{}
	for _, s := range secs {
		if s.id != sectionData {
			continue
		}
		segs, err := readSegments(s.body)
		if err != nil {
			t.Fatal(err)
		}
		for _, sg := range segs {
			for k, c := range sg.data {
				if c != 0 {
					out[sg.offset+uint32(k)] = c
				}
			}
		}
	}
	return out
}

func TestPackKeepsMemoryAndSections(t *testing.T) {
	gap := bytes.Repeat([]byte{0}, zeroGap)
	typeSec := section{id: 1, body: []byte{1, 0x60, 0, 0}}
	codeSec := section{id: 10, body: []byte{1, 2, 0, 0x0b}}
	custom := section{id: 0, body: append([]byte{4}, "name"...)}
	tests := []struct {
		name     string
		in       []byte
		segments int
	}{
		{"segments a few zeros apart become one", module(typeSec, codeSec, dataSection(
			segment{100, []byte("abc")}, segment{111, []byte("def")}, segment{140, []byte("ghi")})), 1},
		{"out of order segments", module(dataSection(
			segment{200, []byte("late")}, segment{100, []byte("early")})), 1},
		{"a long run of zeros still splits", module(dataSection(
			segment{0, []byte("x")}, segment{uint32(1 + zeroGap), []byte("y")})), 2},
		{"zeros inside a segment split it when long", module(dataSection(
			segment{8, append(append([]byte("a"), gap...), 'b')})), 2},
		{"leading and trailing zeros are dropped", module(dataSection(
			segment{16, []byte("\x00\x00\x00z\x00\x00")})), 1},
		{"only zeros", module(dataSection(segment{16, []byte{0, 0, 0}})), 0},
		{"no data section", module(typeSec, codeSec), 0},
		{"data count section follows the packed count", module(typeSec, section{id: sectionDataCount, body: []byte{3}}, codeSec,
			dataSection(segment{0, []byte("a")}, segment{9, []byte("b")}, segment{20, []byte("c")}), custom), 1},
		{"negative-looking offsets near 2 GiB", module(dataSection(
			segment{1<<31 - 8, []byte("top")})), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := pack(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := image(t, out), image(t, tt.in); !equalImages(got, want) {
				t.Fatalf("memory image changed:\n got %v\nwant %v", got, want)
			}
			if n := segmentCountOf(out); n != tt.segments {
				t.Errorf("%d segments, want %d", n, tt.segments)
			}
			checkOtherSections(t, tt.in, out)
			again, err := pack(out)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("packing twice changed the module (err %v)", err)
			}
		})
	}
}

// checkOtherSections fails unless out has in's sections, in order, every
// one but the data and data count sections byte for byte.
func checkOtherSections(t testing.TB, in, out []byte) {
	t.Helper()
	a, err := readSections(in[8:])
	if err != nil {
		t.Fatal(err)
	}
	b, err := readSections(out[8:])
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d sections, want %d", len(b), len(a))
	}
	for k := range a {
		if a[k].id != b[k].id {
			t.Fatalf("section %d is %d, want %d", k, b[k].id, a[k].id)
		}
		if a[k].id == sectionDataCount {
			want := appendU32(nil, uint32(segmentCountOf(out)))
			if !bytes.Equal(b[k].body, want) {
				t.Errorf("data count %v, want %v", b[k].body, want)
			}
			continue
		}
		if a[k].id != sectionData && !bytes.Equal(a[k].body, b[k].body) {
			t.Errorf("section %d (id %d) changed", k, a[k].id)
		}
	}
}

func segmentCountOf(m []byte) int {
	secs, _ := readSections(m[8:])
	for _, s := range secs {
		if s.id == sectionData {
			segs, _ := readSegments(s.body)
			return len(segs)
		}
	}
	return 0
}

func equalImages(a, b map[uint32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestPackRefuses(t *testing.T) {
	passive := section{id: sectionData, body: []byte{1, 1, 1, 'a'}}
	otherMemory := section{id: sectionData, body: []byte{1, 2, 1, 0x41, 0, 0x0b, 1, 'a'}}
	globalOffset := section{id: sectionData, body: []byte{1, 0, 0x23, 0, 0x0b, 1, 'a'}}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "not a WebAssembly module"},
		{"other magic", []byte("\x00wat\x01\x00\x00\x00"), "not a WebAssembly module"},
		{"version 2", []byte("\x00asm\x02\x00\x00\x00"), "not a WebAssembly module"},
		{"truncated section", append(append([]byte(nil), header...), 1, 5, 0), "unexpected end"},
		{"passive segment", module(passive), "only active segments"},
		{"another memory", module(otherMemory), "only active segments"},
		{"offset from a global", module(globalOffset), "not an i32.const"},
		{"overlapping segments", module(dataSection(segment{10, []byte("abcd")}, segment{12, []byte("xy")})), "overlap"},
		{"two data sections", module(dataSection(segment{0, []byte("a")}), dataSection(segment{9, []byte("b")})), "two data sections"},
		{"segment count beyond the section", module(section{id: sectionData, body: []byte{0x7f}}), "segments in"},
		{"bytes after the segments", module(section{id: sectionData, body: append(dataSection(segment{0, []byte("a")}).body, 9)}), "after the last segment"},
		{"segment past 4 GiB", module(section{id: sectionData, body: []byte{1, 0, 0x41, 0x7f, 0x0b, 1, 'a'}}), "outside 32-bit memory"},
		{"segment ending past 2 GiB", module(dataSection(segment{1<<31 - 2, []byte("abc")})), "beyond 2 GiB"},
		{"over-long integer", module(section{id: sectionData, body: []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0}}), "over 5 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := pack(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("pack = %d bytes, %v; want an error with %q", len(out), err, tt.want)
			}
		})
	}
}

// FuzzPack: no input panics or hangs; a module that packs keeps its
// memory image and its other sections, and packs to itself again.
func FuzzPack(f *testing.F) {
	reached := fuzzseed.Require(f)
	f.Add(module(dataSection(segment{100, []byte("abc")}, segment{111, []byte("def")})))
	f.Add(module(section{id: 1, body: []byte{1, 0x60, 0, 0}}, section{id: sectionDataCount, body: []byte{2}},
		dataSection(segment{0, []byte("a\x00\x00b")}, segment{7, []byte("c")})))
	f.Add(module(dataSection(segment{10, []byte("abcd")}, segment{12, []byte("xy")})))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x0b\x01\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := pack(in)
		if err != nil {
			return
		}
		reached.Reached()
		if !equalImages(image(t, out), image(t, in)) {
			t.Fatal("memory image changed")
		}
		checkOtherSections(t, in, out)
		if again, err := pack(out); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("packing twice changed the module (err %v)", err)
		}
	})
}

func TestCompressRoundTrips(t *testing.T) {
	in := bytes.Repeat([]byte("fortfolio wasm "), 1000)
	gz, err := gzipBest(in)
	if err != nil {
		t.Fatal(err)
	}
	br, err := brotliBest(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := gunzip(t, gz); !bytes.Equal(got, in) {
		t.Error("gzip does not round-trip")
	}
	if got := unbrotli(t, br); !bytes.Equal(got, in) {
		t.Error("brotli does not round-trip")
	}
}
