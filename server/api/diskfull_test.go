//go:build linux

package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/store/storetest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestDiskFull runs the server on a small tmpfs, fills it, and checks that
// changes answer 507 or succeed with their audit entry, reads keep
// working, the log verifies, the server restarts on the full disk and
// accepts changes again by itself once space is freed.
func TestDiskFull(t *testing.T) {
	disk := storetest.SmallDisk(t, "24m")
	data := filepath.Join(disk, "data")
	ts := newTestServer(t, testOptions{data: data})
	token, _ := ts.registerAndLogin("alice", "correct horse battery")
	if r := ts.do("POST", "/api/portfolios", token, wire.PortfolioInput{Name: "before"}); r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	filler := storetest.FillDisk(t, disk)
	created, refused := 0, 0
	for i := range 60 {
		r := ts.do("POST", "/api/portfolios", token, wire.PortfolioInput{Name: "p" + strconv.Itoa(i), Note: strings.Repeat("n", 2000)})
		switch r.Status {
		case http.StatusCreated:
			created++
		case http.StatusInsufficientStorage:
			refused++
			if !strings.Contains(r.Body, `"code":"insufficient_storage"`) || !strings.Contains(r.Body, "nothing was changed") {
				t.Fatalf("507 body %s", r.Body)
			}
		default:
			t.Fatalf("create on a full disk: %d %s", r.Status, r.Body)
		}
	}
	if refused == 0 {
		t.Fatal("no change was refused on a full disk")
	}
	var ps []wire.Portfolio
	if r := ts.do("GET", "/api/portfolios", token, nil); r.Status != http.StatusOK {
		t.Fatalf("read on a full disk: %d %s", r.Status, r.Body)
	} else {
		if err := json.Unmarshal([]byte(r.Body), &ps); err != nil {
			t.Fatal(err)
		}
	}
	if len(ps) != 1+created {
		t.Fatalf("%d portfolios after %d acknowledged creates", len(ps), created)
	}
	auditDir := filepath.Join(data, "audit")
	p, err := audit.Query(context.Background(), auditDir, audit.Filter{Action: audit.ActionPortfolioCreate, Limit: 500})
	if err != nil || len(p.Entries) != len(ps) {
		t.Fatalf("%d create entries for %d portfolios (%v)", len(p.Entries), len(ps), err)
	}
	if res, err := audit.Verify(context.Background(), auditDir); err != nil || !res.OK {
		t.Fatalf("log after a full disk: %+v %v", res, err)
	}
	ts.Platform.Close()
	again := newTestServer(t, testOptions{data: data})
	if r := again.do("GET", "/api/portfolios", token, nil); r.Status != http.StatusOK {
		t.Fatalf("read after a restart on a full disk: %d %s", r.Status, r.Body)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := again.do("POST", "/api/portfolios", token, wire.PortfolioInput{Name: "after"})
		if r.Status == http.StatusCreated {
			break
		}
		if r.Status != http.StatusInsufficientStorage || time.Now().After(deadline) {
			t.Fatalf("no recovery after space was freed: %d %s", r.Status, r.Body)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
