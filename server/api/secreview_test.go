package api_test

import (
	"net/http"
	"sync"
	"testing"
)

// TestRefreshIsSingleUse sends the same token to /api/auth/refresh many
// times at once: exactly one refresh may succeed, otherwise one stolen
// token forks into several live sessions (and a refresh racing a logout
// outlives the logout).
func TestRefreshIsSingleUse(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("rita", goodPassword)
	const n = 12
	var wg sync.WaitGroup
	codes := make([]int, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest("POST", ts.URL+"/api/auth/refresh", nil)
			req.Header.Set("x-token", token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			codes[i] = res.StatusCode
			_ = res.Body.Close()
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case http.StatusOK:
			ok++
		case http.StatusUnauthorized:
		default:
			t.Errorf("refresh answered %d", c)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent refreshes of one token succeeded, want exactly 1 (%v)", ok, codes)
	}
}
