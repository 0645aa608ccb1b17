// Command wasmpack finishes a go-app client after go build:
//
//	wasmpack pack FILE       merge FILE's data segments, in place
//	wasmpack compress FILE   write FILE.gz and FILE.br, then remove FILE
//
// pack is part of build/wasm-build.sh, so app.wasm and the hello world it
// is measured against are packed alike; compress makes the files the
// server embeds and sends (docs/performance.md, Client size).
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: wasmpack pack|compress FILE")
		os.Exit(2)
	}
	var err error
	switch cmd, file := os.Args[1], os.Args[2]; cmd {
	case "pack":
		err = packFile(file)
	case "compress":
		err = compressFile(file)
	default:
		err = fmt.Errorf("unknown command %q", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(1)
	}
}

// packFile packs the module in file, replacing it only once the packed
// module is complete on disk.
func packFile(file string) error {
	dir, name, b, err := readBeside(file)
	if err != nil {
		return err
	}
	defer dir.Close()
	packed, err := pack(b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return replace(dir, name, packed)
}

// compressFile writes file.gz and file.br (both at once: brotli 11 is the
// slow one) and removes file.
func compressFile(file string) error {
	dir, name, b, err := readBeside(file)
	if err != nil {
		return err
	}
	defer dir.Close()
	var gz, br []byte
	var gzErr, brErr error
	var wg sync.WaitGroup
	wg.Go(func() { gz, gzErr = gzipBest(b) })
	wg.Go(func() { br, brErr = brotliBest(b) })
	wg.Wait()
	if err := errors.Join(gzErr, brErr); err != nil {
		return err
	}
	if err := replace(dir, name+".gz", gz); err != nil {
		return err
	}
	if err := replace(dir, name+".br", br); err != nil {
		return err
	}
	return dir.Remove(name)
}

// readBeside opens the directory of file (every file wasmpack reads or
// writes is beside it) and reads file there: the directory, the file's
// name in it and its bytes.
func readBeside(file string) (*os.Root, string, []byte, error) {
	dir, err := os.OpenRoot(filepath.Dir(file))
	if err != nil {
		return nil, "", nil, err
	}
	name := filepath.Base(file)
	b, err := dir.ReadFile(name)
	if err != nil {
		_ = dir.Close()
		return nil, "", nil, err
	}
	return dir, name, b, nil
}

// replace writes b to a temporary file beside name and renames it over
// name, so name is never half written.
func replace(dir *os.Root, name string, b []byte) error {
	tmp := name + ".tmp"
	if err := dir.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return dir.Rename(tmp, name)
}
