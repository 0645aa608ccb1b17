package edge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/platform"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// holdEnv makes a node process hold every job it claims until the file it
// names exists (see holdJobs).
const holdEnv = "FORTFOLIO_TEST_NODE_HOLD_JOBS"

// jobStaleAfter is the heartbeat staleness of nodes that hold jobs: a few
// seconds instead of thirty, so a takeover does not make the test long.
const jobStaleAfter = 5 * time.Second

// jobRunsFile is where a node that holds jobs writes, in its data
// directory, one line per executor start ("start KIND") and end ("done
// KIND" or "failed KIND").
const jobRunsFile = "job-runs"

// holdJobs sets up o, when release is not empty, so that every job the
// node claims reports progress 0.5, then waits until release exists
// before it runs (or until its context ends); each executor start and end
// is written to DATA/job-runs.
func holdJobs(o *platform.Options, release, data string) {
	if release == "" {
		return
	}
	o.JobStaleAfter = jobStaleAfter
	o.WrapJob = func(kind string, run jobs.Executor) jobs.Executor {
		return func(ctx context.Context, owner string, payload []byte) (any, error) {
			logJobRun(data, "start "+kind)
			jobs.ReportProgress(ctx, 0.5)
			if err := waitForFile(ctx, release); err != nil {
				return nil, err
			}
			v, err := run(ctx, owner, payload)
			if err != nil {
				logJobRun(data, "failed "+kind)
				return v, err
			}
			logJobRun(data, "done "+kind)
			return v, nil
		}
	}
}

// logJobRun appends one line to DATA/job-runs.
func logJobRun(data, line string) {
	f, err := os.OpenFile(filepath.Join(data, jobRunsFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600) // #nosec G304 -- test data directory
	if err == nil {
		_, err = fmt.Fprintln(f, line)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "job runs:", err)
	}
}

// waitForFile returns when path exists, or with ctx's error.
func waitForFile(ctx context.Context, path string) error {
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// jobRuns returns the lines the node wrote to DATA/job-runs.
func (n *node) jobRuns(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(n.data, jobRunsFile))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// id is the node's id in the shared tables (DATA/node-id).
func (n *node) id(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(n.data, "node-id"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// jobRow is a job's row in the shared queue.
type jobRow struct {
	State, Node string
	Attempts    int
}

// readJobRow reads job id's row from the database at url.
func readJobRow(t *testing.T, url, id string) jobRow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var r jobRow
	if err := conn.QueryRow(ctx, `SELECT state, node_id, attempts FROM jobs WHERE id = $1`, id).Scan(&r.State, &r.Node, &r.Attempts); err != nil {
		t.Fatal(err)
	}
	return r
}

// optimizeJob is an optimiser answer as a job.
type optimizeJob = wire.Job[wire.OptimizeResponse]

// pollJob polls job id on c until done says the job is where the test
// wants it; the deadline only guards a hang.
func pollJob(t *testing.T, c apiClient, token, id string, done func(optimizeJob) bool) optimizeJob {
	t.Helper()
	path := strings.Replace(wire.RouteJob, "{id}", id, 1)
	var j optimizeJob
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		j = optimizeJob{}
		if st := c.call("GET", path, token, nil, &j); st == http.StatusOK && done(j) {
			return j
		}
	}
	t.Fatalf("job %s never got there: last %+v", id, j)
	return j
}

// folioTxs are three holdings, enough for the optimiser.
var folioTxs = []wire.TransactionInput{
	{Date: "2010-01-04", Kind: "buy", Ticker: "AAPL", Quantity: 100, Price: 30.57},
	{Date: "2010-01-04", Kind: "buy", Ticker: "KO", Quantity: 200, Price: 28.52},
	{Date: "2011-06-01", Kind: "buy", Ticker: "GE", Quantity: 300, Price: 18.5},
}

// createFolio creates a portfolio holding folioTxs.
func createFolio(c apiClient, token string) string {
	c.t.Helper()
	var p wire.Portfolio
	if st := c.call("POST", wire.RoutePortfolios, token, wire.PortfolioInput{Name: "Main"}, &p); st != http.StatusCreated {
		c.t.Fatalf("create portfolio: %d", st)
	}
	path := strings.Replace(wire.RouteTransactions, "{id}", p.ID, 1)
	for _, tx := range folioTxs {
		if st := c.call("POST", path, token, tx, nil); st != http.StatusCreated {
			c.t.Fatalf("transaction %+v: %d", tx, st)
		}
	}
	return p.ID
}

// TestJobSurvivesNodeDeath: an optimiser job submitted through nginx is
// claimed by one node, which is killed with SIGKILL while the job runs
// there; once its heartbeat is stale the other node queues the job again,
// claims it and runs it to the end, once. The answer, read through nginx
// and from the surviving node, is the optimiser's answer to the request.
func TestJobSurvivesNodeDeath(t *testing.T) {
	url := pgtest.URL(t)
	release := filepath.Join(t.TempDir(), "release")
	nodes := []*node{startNode(t, url, holdEnv+"="+release), startNode(t, url, holdEnv+"="+release)}
	e := startNginx(t, nodes[0].addr, nodes[1].addr)
	edge := through(t, e)
	token := edge.register("alice", "correct horse battery")
	folio := createFolio(edge, token)
	optimize := strings.Replace(wire.RouteOptimize, "{id}", folio, 1)
	maxWeight := 0.6
	req := wire.OptimizeRequest{Objective: wire.ObjectiveMaxSharpe, MaxWeight: &maxWeight}
	var want wire.OptimizeResponse // the same request answered at once
	if st := edge.call("POST", optimize, token, req, &want); st != http.StatusOK {
		t.Fatalf("optimize without a frontier: %d", st)
	}
	req.FrontierPoints = 10
	var acc wire.JobAccepted
	if st := edge.call("POST", optimize, token, req, &acc); st != http.StatusAccepted || acc.JobID == "" {
		t.Fatalf("optimize with a frontier: %d %+v", st, acc)
	}
	pollJob(t, edge, token, acc.JobID, func(j optimizeJob) bool { return j.Status == "running" && j.Progress > 0 })

	claimed := readJobRow(t, url, acc.JobID)
	dead, survivor := nodes[0], nodes[1]
	if claimed.Node == survivor.id(t) {
		dead, survivor = survivor, dead
	}
	if claimed.State != "running" || claimed.Node != dead.id(t) || claimed.Attempts != 1 {
		t.Fatalf("job row while running: %+v, want running on one of the nodes (%s, %s), attempt 1", claimed, nodes[0].id(t), nodes[1].id(t))
	}
	t.Logf("node %s claimed job %s; killing it", dead.addr, acc.JobID)
	dead.kill(t)
	if err := os.WriteFile(release, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	onSurvivor := direct(t, survivor)
	got := pollJob(t, onSurvivor, token, acc.JobID, func(j optimizeJob) bool { return j.Status != "running" && j.Status != "queued" })
	if got.Status != "done" || got.Progress != 1 || got.Result == nil {
		t.Fatalf("job after the takeover: %+v", got)
	}
	var viaEdge optimizeJob
	if st := edge.call("GET", strings.Replace(wire.RouteJob, "{id}", acc.JobID, 1), token, nil, &viaEdge); st != http.StatusOK || !reflect.DeepEqual(viaEdge, got) {
		t.Fatalf("job through nginx: %d %+v, want %+v", st, viaEdge, got)
	}
	res := *got.Result
	if len(res.Frontier) != req.FrontierPoints {
		t.Errorf("frontier of %d points, want %d", len(res.Frontier), req.FrontierPoints)
	}
	res.Frontier = nil
	if !reflect.DeepEqual(res, want) {
		t.Errorf("job result %+v\nwant the optimiser's answer %+v", res, want)
	}

	finished := readJobRow(t, url, acc.JobID)
	if finished != (jobRow{State: "finished", Node: survivor.id(t), Attempts: 2}) {
		t.Errorf("job row: %+v, want finished by the surviving node %s on attempt 2", finished, survivor.id(t))
	}
	runs := map[string][]string{"killed node": dead.jobRuns(t), "surviving node": survivor.jobRuns(t)}
	wantRuns := map[string][]string{"killed node": {"start optimize"}, "surviving node": {"start optimize", "done optimize"}}
	if !reflect.DeepEqual(runs, wantRuns) {
		t.Errorf("executor runs %v, want %v: the job ran to its end once, on the surviving node", runs, wantRuns)
	}
}
