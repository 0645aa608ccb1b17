package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
)

// crashChildEnv names the data directory of the writer process that
// TestAcknowledgedWritesSurviveKill kills; crashSyncEnv its durability.
// crashWritersEnv the number of concurrent writers (default 1).
const (
	crashChildEnv   = "FORTFOLIO_STORE_CRASH_DIR"
	crashSyncEnv    = "FORTFOLIO_STORE_CRASH_SYNC"
	crashWritersEnv = "FORTFOLIO_STORE_CRASH_WRITERS"
)

// TestAcknowledgedWritesSurviveKill kills (SIGKILL) a process that is
// writing transactions as fast as it can, at both durability levels: every
// write it acknowledged is in the database afterwards, and the database
// opens cleanly.
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir, os.Getenv(crashSyncEnv), os.Getenv(crashWritersEnv))
		return
	}
	for _, mode := range []string{SyncFull, SyncNormal} {
		t.Run(mode, func(t *testing.T) { killWriter(t, mode, 1) })
	}
}

// TestAcknowledgedBatchedWritesSurviveKill is
// TestAcknowledgedWritesSurviveKill with 8 concurrent writers on one
// portfolio, whose appends are committed together in shared transactions:
// every acknowledged one of them is stored after kill -9.
func TestAcknowledgedBatchedWritesSurviveKill(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		return // the child runs under TestAcknowledgedWritesSurviveKill
	}
	for _, mode := range []string{SyncFull, SyncNormal} {
		t.Run(mode, func(t *testing.T) { killWriter(t, mode, 8) })
	}
}

// killWriter runs one writer process with writers concurrent writers at
// durability mode and kills it.
func killWriter(t *testing.T, mode string, writers int) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAcknowledgedWritesSurviveKill$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir, crashSyncEnv+"="+mode, crashWritersEnv+"="+strconv.Itoa(writers))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked, folio := readAcks(t, out, 200)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	txs, err := s.ListTransactions(context.Background(), "crash", folio)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, tx := range txs {
		stored[tx.ID] = true
	}
	for _, id := range acked {
		if !stored[id] {
			t.Fatalf("acknowledged transaction %s lost after kill -9 (%d of %d stored)", id, len(txs), len(acked))
		}
	}
}

// readAcks reads the child's portfolio id and n acknowledged ids.
func readAcks(t *testing.T, out interface{ Read([]byte) (int, error) }, n int) ([]string, string) {
	t.Helper()
	sc := bufio.NewScanner(out)
	var folio string
	var acked []string
	for len(acked) < n && sc.Scan() {
		kind, id, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "portfolio":
			folio = id
		case "ack":
			acked = append(acked, id)
		}
	}
	if len(acked) < n {
		t.Fatalf("writer stopped after %d acknowledgements: %v", len(acked), sc.Err())
	}
	return acked, folio
}

// crashChild writes transactions from writers goroutines until it is
// killed, printing each id once AddTransactions returned.
func crashChild(dir, mode, writers string) {
	ctx := context.Background()
	s, err := Open(ctx, dir, WithUserDBSync(mode))
	if err != nil {
		fmt.Println("error", err)
		return
	}
	p, err := s.CreatePortfolio(ctx, "crash", "Main", "", t0)
	if err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("portfolio", p.ID)
	n, _ := strconv.Atoi(writers)
	for range max(n, 1) - 1 {
		go crashWrites(ctx, s, p.ID)
	}
	crashWrites(ctx, s, p.ID)
}

// crashWrites appends to folio until the process is killed, printing each
// acknowledged id (one write call per line).
func crashWrites(ctx context.Context, s *Store, folio string) {
	for {
		added, err := s.AddTransactions(ctx, "crash", folio, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ack", added[0].ID)
	}
}
