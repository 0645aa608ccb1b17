package edge

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// nodeEnv makes the test binary run as one Fortfolio node (see runNode):
// the multi-node tests start two of them as real processes, so one can be
// killed with SIGKILL.
const nodeEnv = "FORTFOLIO_TEST_NODE_DATABASE"

func TestMain(m *testing.M) {
	if url := os.Getenv(nodeEnv); url != "" {
		runNode(url, os.Getenv("FORTFOLIO_TEST_NODE_DATA"))
		return
	}
	os.Exit(pgtest.Main(m))
}

// runNode serves one node on a free loopback port, prints the address and
// serves until killed.
func runNode(url, data string) {
	cfg := nodeConfig(data)
	cfg.DatabaseURL = url
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(100000, 10000)
	}
	o := platform.Options{BcryptCost: bcrypt.MinCost, UserRules: rules}
	holdJobs(&o, os.Getenv(holdEnv), data)
	p, err := platform.New(context.Background(), cfg, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening", ln.Addr().String())
	srv := &http.Server{Handler: p.Handler, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.Serve(ln)
}

// nodeConfig is the configuration every node shares (same secrets, same
// host name, nginx on 127.0.0.1 trusted); each has its own data directory.
func nodeConfig(data string) config.Config {
	return config.Config{DataDir: data, AllowedHosts: []string{domain}, RateGeneral: 100000, RateAPI: 100000,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		JWTSecret:      []byte(strings.Repeat("s", 32)), Pepper: []byte(strings.Repeat("p", 32))}
}

// node is one running node process and its data directory.
type node struct {
	addr, data string
	cmd        *exec.Cmd
}

// startNode starts a node process on the shared database; env is added to
// its environment.
func startNode(t *testing.T, url string, env ...string) *node {
	t.Helper()
	data := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$") // #nosec G204 -- the test binary itself
	cmd.Env = append(append(os.Environ(), nodeEnv+"="+url, "FORTFOLIO_TEST_NODE_DATA="+data), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				addr <- a
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case a := <-addr:
		return &node{addr: a, data: data, cmd: cmd}
	case <-time.After(60 * time.Second):
		t.Fatal("node did not start")
		return nil
	}
}

// kill ends the node with SIGKILL (no shutdown, no flush) and waits until
// the process is gone.
func (n *node) kill(t *testing.T) {
	t.Helper()
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = n.cmd.Wait()
}

// apiClient sends API requests for domain to one address.
type apiClient struct {
	t    *testing.T
	http *http.Client
	base string
}

// direct is a client of one node, bypassing nginx.
func direct(t *testing.T, n *node) apiClient {
	return apiClient{t: t, http: &http.Client{Timeout: 10 * time.Second}, base: "http://" + n.addr}
}

// through is a client of the nodes through nginx.
func through(t *testing.T, e *edge) apiClient {
	return apiClient{t: t, http: e.client(), base: "https://" + domain}
}

// throughFrom is through from another client address.
func throughFrom(t *testing.T, e *edge, ip string) apiClient {
	return apiClient{t: t, http: e.clientFrom(ip), base: "https://" + domain}
}

// call sends one request and decodes a JSON answer into out (when not nil).
// A transport failure is status 0.
func (c apiClient) call(method, path, token string, body, out any) int {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Error(err)
		return 0
	}
	req.Host = domain
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("x-token", token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			c.t.Errorf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

func (c apiClient) register(user, password string) string {
	c.t.Helper()
	cred := wire.Credentials{Username: user, Password: password}
	if st := c.call("POST", wire.RouteRegister, "", cred, nil); st != http.StatusCreated {
		c.t.Fatalf("register: %d", st)
	}
	return c.login(user, password)
}

func (c apiClient) login(user, password string) string {
	c.t.Helper()
	var lr wire.LoginResponse
	if st := c.call("POST", wire.RouteLogin, "", wire.Credentials{Username: user, Password: password}, &lr); st != http.StatusOK {
		c.t.Fatalf("login: %d", st)
	}
	return lr.Token.Token
}

// TestTwoNodesShareSessions: a token issued by node A works on node B, and
// a logout on A stops it on B at once (the sessions table is the truth on
// every node; no node caches an open session). Any node serves any request
// behind nginx.
func TestTwoNodesShareSessions(t *testing.T) {
	url := pgtest.URL(t)
	a := startNode(t, url)
	b := startNode(t, url)
	onA, onB := direct(t, a), direct(t, b)
	token := onA.register("alice", "correct horse battery")
	var me wire.User
	if st := onB.call("GET", wire.RouteMe, token, nil, &me); st != http.StatusOK || me.Username != "alice" {
		t.Fatalf("node B with node A's token: %d %+v", st, me)
	}
	var p wire.Portfolio
	if st := onB.call("POST", wire.RoutePortfolios, token, wire.PortfolioInput{Name: "Main"}, &p); st != http.StatusCreated {
		t.Fatalf("create on B: %d", st)
	}
	var list []wire.Portfolio
	if st := onA.call("GET", wire.RoutePortfolios, token, nil, &list); st != http.StatusOK || len(list) != 1 || list[0].ID != p.ID {
		t.Fatalf("node A lists %d %+v, want B's portfolio", st, list)
	}
	e := startNginx(t, a.addr, b.addr)
	edge := through(t, e)
	for i := range 6 {
		if st := edge.call("GET", wire.RoutePortfolios, token, nil, &list); st != http.StatusOK || len(list) != 1 {
			t.Fatalf("request %d through nginx: %d %+v", i, st, list)
		}
	}
	if st := onA.call("POST", wire.RouteLogout, token, nil, nil); st != http.StatusNoContent {
		t.Fatalf("logout on A: %d", st)
	}
	for name, c := range map[string]apiClient{"node A": onA, "node B": onB, "nginx": edge} {
		if st := c.call("GET", wire.RouteMe, token, nil, nil); st != http.StatusUnauthorized {
			t.Errorf("%s accepts the token after the logout on A: %d", name, st)
		}
	}
}

// TestNodeFailover: clients write through nginx while node A is killed with
// SIGKILL; every write that was acknowledged is in the database afterwards,
// and node B takes the writes that follow.
func TestNodeFailover(t *testing.T) {
	url := pgtest.URL(t)
	a := startNode(t, url)
	b := startNode(t, url)
	e := startNginx(t, a.addr, b.addr)
	edge := through(t, e)
	token := edge.register("alice", "correct horse battery")
	var p wire.Portfolio
	if st := edge.call("POST", wire.RoutePortfolios, token, wire.PortfolioInput{Name: "Main"}, &p); st != http.StatusCreated {
		t.Fatalf("create: %d", st)
	}
	path := strings.Replace(wire.RouteTransactions, "{id}", p.ID, 1)
	var mu sync.Mutex
	acked := map[string]bool{}
	failed := map[int]int{}
	write := func(c apiClient, i int) {
		var tx wire.Transaction
		in := wire.TransactionInput{Date: "2015-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 100, Note: fmt.Sprint("w", i)}
		st := c.call("POST", path, token, in, &tx)
		mu.Lock()
		defer mu.Unlock()
		if st == http.StatusCreated {
			acked[tx.ID] = true
		} else {
			failed[st]++
		}
	}
	var wg sync.WaitGroup
	// Each writer is its own client address, within nginx's API burst.
	const writers, each = 4, 25
	for w := range writers {
		c := throughFrom(t, e, fmt.Sprintf("127.0.0.%d", 10+w))
		wg.Go(func() {
			for i := range each {
				write(c, w*each+i)
				if w == 0 && i == each/4 {
					a.kill(t)
				}
			}
		})
	}
	wg.Wait()
	var txs []wire.Transaction
	if st := direct(t, b).call("GET", path, token, nil, &txs); st != http.StatusOK {
		t.Fatalf("list on B: %d", st)
	}
	stored := map[string]bool{}
	for _, tx := range txs {
		stored[tx.ID] = true
	}
	for id := range acked {
		if !stored[id] {
			t.Errorf("acknowledged write %s is lost", id)
		}
	}
	if len(acked) < writers*each/2 {
		t.Errorf("only %d of %d writes were acknowledged (failed by status %v): node B did not take over", len(acked), writers*each, failed)
	}
	t.Logf("%d writes acknowledged, failed by status %v, %d stored", len(acked), failed, len(txs))
}
