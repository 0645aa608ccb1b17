package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

// VerifyAuditTable verifies the shared audit table (PostgreSQL only): in
// position order, each node's rows must be its chain entry after entry
// (seq contiguous from 1, prev and hash links, canonical lines, every MAC
// with key), so the position order also agrees with every node's seq
// order; each row's columns must match its line; and a node's row at the
// position of its signed checkpoint must carry the checkpoint's head. A
// checkpoint beyond a node's newest row is a note (entries written and
// not yet inserted: the crash window docs/audit.md describes). A broken
// table is not an error: the result says where.
func (s *Store) VerifyAuditTable(ctx context.Context, key *audit.Key) (audit.Result, error) {
	if !s.shared {
		return audit.Result{}, errors.New("store: the shared audit table exists on PostgreSQL only")
	}
	heads, err := s.auditTableHeads(ctx)
	if err != nil {
		return audit.Result{}, err
	}
	v := &tableVerifier{key: key, nodes: map[string]*audit.RecordChecker{}, cps: map[string][]audit.Checkpoint{}}
	if err := v.loadCheckpoints(ctx, s.db, heads); err != nil {
		return audit.Result{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT position, node_id, seq, at_ns, actor, action, prev, hash, line FROM audit_outbox ORDER BY position`)
	if err != nil {
		return audit.Result{}, fmt.Errorf("store: verify audit table: %w", err)
	}
	defer rows.Close()
	for rows.Next() && v.broken == nil {
		var r outboxRow
		if err := rows.Scan(&r.position, &r.node, &r.seq, &r.atNS, &r.actor, &r.action, &r.prev, &r.hash, &r.line); err != nil {
			return audit.Result{}, fmt.Errorf("store: verify audit table: %w", err)
		}
		v.row(r)
	}
	if err := rows.Err(); err != nil {
		return audit.Result{}, fmt.Errorf("store: verify audit table: %w", err)
	}
	return v.result(), nil
}

// outboxRow is one row of audit_outbox.
type outboxRow struct {
	position, seq, atNS                   int64
	node, actor, action, prev, hash, line string
}

// tableVerifier is the running state of VerifyAuditTable.
type tableVerifier struct {
	key    *audit.Key
	nodes  map[string]*audit.RecordChecker
	cps    map[string][]audit.Checkpoint // per node, those the table must match
	notes  []string
	rows   int
	last   outboxRow
	broken *audit.Break
}

// auditTableHeads returns every node's newest seq in the table.
func (s *Store) auditTableHeads(ctx context.Context) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT node_id, MAX(seq) FROM audit_outbox GROUP BY node_id`)
	if err != nil {
		return nil, fmt.Errorf("store: verify audit table: %w", err)
	}
	heads := map[string]int64{}
	_, err = collect(rows, "verify audit table", func(r *sql.Rows) (struct{}, error) {
		var node string
		var n int64
		err := r.Scan(&node, &n)
		heads[node] = n
		return struct{}{}, err
	})
	return heads, err
}

// loadCheckpoints reads every node's checkpoint (source "log:<node>"):
// those within the node's rows must match them, the others are notes.
func (v *tableVerifier) loadCheckpoints(ctx context.Context, db *sql.DB, heads map[string]int64) error {
	rows, err := db.QueryContext(ctx, `SELECT source, entries, head, at, sig FROM audit_checkpoints WHERE source LIKE 'log:%' ORDER BY source`)
	if err != nil {
		return fmt.Errorf("store: verify audit table: checkpoints: %w", err)
	}
	_, err = collect(rows, "verify audit table: checkpoints", func(r *sql.Rows) (struct{}, error) {
		var cp audit.Checkpoint
		var source, at string
		if err := r.Scan(&source, &cp.Entries, &cp.Head, &at, &cp.Sig); err != nil {
			return struct{}{}, err
		}
		node := strings.TrimPrefix(source, "log:")
		t, err := time.Parse(time.RFC3339Nano, at)
		cp.At, cp.Source = t, "the accounts database (node "+node+")"
		if cp.Entries > heads[node] {
			v.notes = append(v.notes, fmt.Sprintf("node %s: the table holds %d of its entries, its checkpoint records %d; the rest is inserted at the node's next entry, within 10 minutes or at its next start", node, heads[node], cp.Entries))
			return struct{}{}, err
		}
		v.cps[node] = append(v.cps[node], cp)
		return struct{}{}, err
	})
	return err
}

// row checks the next row in position order.
func (v *tableVerifier) row(r outboxRow) {
	v.rows++
	c, ok := v.nodes[r.node]
	if !ok {
		c = audit.NewRecordChecker(audit.VerifyOptions{Key: v.key, Checkpoints: v.cps[r.node]})
		v.nodes[r.node] = c
	}
	if want := int64(c.Entries()) + 1; r.seq != want {
		v.breakAt(r, fmt.Sprintf("entry %d of node %s where its entry %d belongs: rows missing, duplicated or out of order", r.seq, r.node, want))
		return
	}
	if reason := c.Check([]byte(r.line)); reason != "" {
		v.breakAt(r, reason)
		return
	}
	if reason := columnsMatch(r); reason != "" {
		v.breakAt(r, reason)
		return
	}
	v.last = r
}

// columnsMatch reports a row whose columns differ from its (verified) line.
func columnsMatch(r outboxRow) string {
	e, err := audit.ParseLine([]byte(r.line))
	switch {
	case err != nil:
		return err.Error()
	case e.Hash != r.hash || e.Prev != r.prev:
		return "the row's hash or prev does not match its line (row edited)"
	case e.Actor != r.actor || e.Action != r.action || e.TS.UnixNano() != r.atNS:
		return "the row's actor, action or time does not match its line (row edited)"
	case e.Seq != 0 && e.Seq != r.seq:
		return "the row's seq does not match its line (row edited)"
	}
	return ""
}

func (v *tableVerifier) breakAt(r outboxRow, reason string) {
	v.broken = &audit.Break{File: fmt.Sprintf("audit table position %d (node %s)", r.position, r.node), Line: int(r.seq),
		Reason: reason, Position: r.position, Node: r.node}
}

// result sums up every node's chain.
func (v *tableVerifier) result() audit.Result {
	res := audit.Result{Entries: v.rows, KeyChecked: v.key != nil, LastHash: audit.GenesisHash, Notes: v.notes}
	if v.last.line != "" {
		res.LastHash, res.LastTS = v.last.hash, time.Unix(0, v.last.atNS).UTC()
	}
	for _, node := range slices.Sorted(maps.Keys(v.nodes)) {
		nr := v.nodes[node].Result()
		res.Authenticated += nr.Authenticated
		res.Unauthenticated += nr.Unauthenticated
		res.Notes = append(res.Notes, nr.Notes...)
		if v.broken == nil && nr.Broken != nil {
			v.broken = &audit.Break{File: "audit table (node " + node + ")", Reason: nr.Broken.Reason, Node: node}
		}
		if cp := nr.Checkpoint; cp != nil && (res.Checkpoint == nil || cp.At.After(res.Checkpoint.At)) {
			res.Checkpoint = cp
		}
	}
	if v.broken != nil {
		res.Broken = v.broken
		return res
	}
	res.OK = true
	return res
}
