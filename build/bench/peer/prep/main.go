// Command prep creates the accounts, tokens and portfolios the
// side-by-side benchmark needs on a running Fortfolio and a running
// PocketBase, and writes one request file per scenario and server: each
// line is "token<TAB>path<TAB>body", read by requests.lua under wrk.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// account is one prepared user: its token, id and portfolio ids.
type account struct {
	token, id  string
	portfolios []string
}

// server is what differs between the two systems under test.
type server interface {
	name() string
	signUp(i int) (account, error)
	refresh(a account) (account, error)
	createPortfolio(a account, name string) (string, error)
	listPath() string
	writeLine(a account, portfolio string) (path, body string)
}

func main() {
	ffURL := flag.String("fortfolio", "http://127.0.0.1:18080", "Fortfolio base URL")
	pbURL := flag.String("pocketbase", "http://127.0.0.1:18090", "PocketBase base URL")
	users := flag.Int("users", 1000, "active users of the many-users scenario")
	folios := flag.Int("portfolios", 10, "portfolios per user")
	runs := flag.Int("write-runs", 4, "write runs (one per write scenario and round)")
	duration := flag.String("duration", "10s", "length of one run (wrk's -d)")
	rate := flag.Float64("write-rate", 3000, "highest write rate (req/s) a write run is prepared for")
	out := flag.String("out", "build/bench/out", "directory for the request files")
	flag.Parse()
	d, err := wrkDuration(*duration)
	if err != nil {
		log.Fatalf("-duration: %v", err)
	}
	plan, err := planWrites(*runs, *rate, d)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("write runs: %d, each over %d portfolios", plan.runs, plan.perRun)
	if err := os.MkdirAll(*out, 0o700); err != nil {
		log.Fatal(err)
	}
	servers := []server{&fortfolio{base: *ffURL}, &pocketbase{base: *pbURL}}
	sets := make([]*prepared, len(servers))
	for i, s := range servers {
		start := time.Now()
		set, err := prepare(s, *users, *folios, plan)
		if err != nil {
			log.Fatalf("%s: %v", s.name(), err)
		}
		sets[i] = set
		log.Printf("%s: %d users ready in %s", s.name(), *users, time.Since(start).Round(time.Second))
	}
	// Signing up 1,000 accounts at bcrypt cost 12 takes longer than a
	// Fortfolio token lives: every token is refreshed (no password hash)
	// just before the request files are written.
	for i, s := range servers {
		start := time.Now()
		if err := refreshAll(s, sets[i]); err != nil {
			log.Fatalf("%s: refresh: %v", s.name(), err)
		}
		if err := sets[i].write(s, *out); err != nil {
			log.Fatal(err)
		}
		log.Printf("%s: tokens refreshed in %s", s.name(), time.Since(start).Round(time.Millisecond))
	}
}

// prepared is one server's accounts: user 0 writes (empty portfolios of
// its own for each write run), users 1..n list their portfolios.
type prepared struct {
	accounts []account
	writes   [][]string // the writer's portfolio ids of each write run
}

// prepare signs up users, gives the writer the portfolios of plan and
// each lister its portfolios.
func prepare(s server, users, folios int, plan writePlan) (*prepared, error) {
	accounts, err := signUpAll(s, users+1, tokenRefreshEvery)
	if err != nil {
		return nil, err
	}
	set := &prepared{accounts: accounts, writes: make([][]string, plan.runs)}
	for r := range plan.runs {
		for p := range plan.perRun {
			id, err := s.createPortfolio(accounts[0], fmt.Sprintf("Writes %d.%d", r, p))
			if err != nil {
				return nil, err
			}
			set.writes[r] = append(set.writes[r], id)
		}
	}
	for _, a := range accounts[1:] {
		for p := range folios {
			if _, err := s.createPortfolio(a, fmt.Sprintf("Portfolio %d", p)); err != nil {
				return nil, err
			}
		}
	}
	return set, nil
}

// refreshAll replaces every account's token by a fresh one.
func refreshAll(s server, set *prepared) error { return refreshMade(s, set.accounts) }

// write writes the request files of one server.
func (p *prepared) write(s server, out string) error {
	writer := p.accounts[0]
	for r, ids := range p.writes {
		if err := writeLines(out, s.name()+"-write-"+strconv.Itoa(r), writeRunLines(s, writer, ids)); err != nil {
			return err
		}
	}
	var many []string
	for _, a := range p.accounts[1:] {
		many = append(many, line(a.token, s.listPath(), ""))
	}
	if err := writeLines(out, s.name()+"-list-1", many[:1]); err != nil {
		return err
	}
	return writeLines(out, s.name()+"-list-many", many)
}

// tokenRefreshEvery is how often sign-ups stop to refresh the tokens of
// the accounts made so far: on a slow or busy machine, signing up 1,000
// accounts at bcrypt cost 12 takes longer than a Fortfolio token lives
// (15 minutes), and an expired token can no longer be refreshed.
const tokenRefreshEvery = 5 * time.Minute

// signUpAll creates n accounts with two workers (Fortfolio bounds password
// hashing to the number of cores and answers 429 beyond it), refreshing
// the tokens of the accounts made so far every refreshEvery.
func signUpAll(s server, n int, refreshEvery time.Duration) ([]account, error) {
	accounts := make([]account, n)
	errs := make(chan error, 2*n)
	next := make(chan int)
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex // accounts and refreshed
		refreshed = time.Now()
	)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a, err := s.signUp(i)
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				accounts[i] = a
				if time.Since(refreshed) >= refreshEvery {
					if err := refreshMade(s, accounts); err != nil {
						errs <- err
					}
					refreshed = time.Now()
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	return accounts, <-errs
}

// refreshMade refreshes the token of every account made so far.
func refreshMade(s server, accounts []account) error {
	for i, a := range accounts {
		if a.token == "" {
			continue
		}
		fresh, err := s.refresh(a)
		if err != nil {
			return err
		}
		accounts[i] = fresh
	}
	return nil
}

func line(token, path, body string) string { return token + "\t" + path + "\t" + body }

func writeLines(dir, name string, lines []string) error {
	return os.WriteFile(filepath.Join(dir, name+".txt"), []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

// password returns a random password no common-password list holds.
func password() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "Zq-" + hex.EncodeToString(b[:])
}

// forwardedFor spreads requests over client addresses (both servers run
// behind a trusted loopback proxy, so per-address limits see real clients).
func forwardedFor(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }

// call sends a JSON request, retrying 429 answers after Retry-After, and
// decodes a 2xx answer into out.
func call(method, url string, headers map[string]string, in, out any) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequest(method, url, bytes.NewReader(raw))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		if res.StatusCode == http.StatusTooManyRequests && attempt < 100 {
			wait, _ := strconv.Atoi(res.Header.Get("Retry-After"))
			time.Sleep(time.Duration(max(wait, 1)) * time.Second / 4)
			continue
		}
		if res.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, body)
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(body, out)
	}
}
