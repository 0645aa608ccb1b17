package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// appendQueue holds the appends waiting for one SQLite user database's
// write turn. Whoever takes the turn writes every queued append in one
// database transaction, each in its own savepoint, with one commit (and
// so one WAL write and one flush) for all of them: group commit at the
// SQL level. Under many concurrent writers a turn per append cost more in
// handing the turn on than the append itself.
type appendQueue struct {
	mu sync.Mutex
	q  []*appendReq
}

// appendReq is one AddTransactions call waiting in an appendQueue; the
// writer that takes it sets added, err and turn, then closes done.
type appendReq struct {
	ctx         context.Context
	portfolioID string
	txs         []model.Transaction
	now         time.Time
	ledger      model.Ledger
	added       []model.Transaction
	err         error
	turn        uint64 // the write turn that committed it (for its flush)
	done        chan struct{}
}

func (q *appendQueue) push(r *appendReq) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.q = append(q.q, r)
}

// take removes and returns every queued append, oldest first.
func (q *appendQueue) take() []*appendReq {
	q.mu.Lock()
	defer q.mu.Unlock()
	batch := q.q
	q.q = nil
	return batch
}

// remove takes r out of the queue; false when a writer already took it.
func (q *appendQueue) remove(r *appendReq) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := slices.Index(q.q, r)
	if i < 0 {
		return false
	}
	q.q = slices.Delete(q.q, i, i+1)
	return true
}

// addQueued is AddTransactions on a SQLite user database: the append is
// queued, and either this call takes the write turn and writes every
// queued append, or another writer writes it meanwhile. Either way the
// call returns its own outcome once its commit is flushed (or deferred to
// the context's Flush).
func (s *Store) addQueued(ctx context.Context, h *userDB, r *appendReq) ([]model.Transaction, error) {
	h.appends.push(r)
	select {
	case h.writer.slot <- struct{}{}:
		s.writeQueued(h)
	case <-r.done:
	case <-ctx.Done():
		if h.appends.remove(r) {
			s.users.release(h)
			return nil, fmt.Errorf("store: wait to write: %w", ctx.Err())
		}
	}
	<-r.done // also when a writer took it while ctx ended: its outcome stands
	s.settle(ctx, h, r.turn)
	return r.added, r.err
}

// writeQueued runs under h's write turn: it writes every queued append in
// one transaction, ends the turn and tells each append its outcome.
func (s *Store) writeQueued(h *userDB) {
	batch := h.appends.take()
	if len(batch) == 0 { // the caller's append was written by the previous turn
		h.writer.unlock()
		return
	}
	defer func() { // also when an append panicked: nobody waits forever
		h.dataGen.Add(1)
		turn := h.gen.Add(1)
		h.writer.unlock()
		for _, r := range batch {
			r.turn = turn
			close(r.done)
		}
	}()
	commitAppends(h, batch)
}

// errBatchPanicked is the outcome of the appends of a batch in which one
// append panicked: the transaction was rolled back.
var errBatchPanicked = errors.New("store: add transactions: a write of the same batch failed")

// commitAppends writes batch in one transaction. Each append runs in its
// own savepoint: one that fails (a sale of more than is held, a missing
// portfolio) is rolled back alone and gets its own error. The statements
// ignore the requests' cancellation (an interrupted statement would roll
// back the whole transaction); an append whose request ended before its
// turn in the batch is not written.
func commitAppends(h *userDB, batch []*appendReq) {
	ctx := context.WithoutCancel(batch[0].ctx)
	fail := func(err error) {
		for _, r := range batch {
			if r.err == nil {
				r.added, r.err = nil, err
			}
		}
	}
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("store: add transactions: %w", err))
		return
	}
	defer tx.Rollback()
	defer func() {
		if p := recover(); p != nil {
			for _, r := range batch {
				r.added, r.err = nil, errBatchPanicked
			}
			panic(p)
		}
	}()
	q := h.prep.inTx(tx)
	tails := map[string]ledgerTail{} // the tails this transaction leaves behind
	wrote := false
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("store: wait to write: %w", err)
			continue
		}
		ok, err := appendSaved(ctx, h, q, r, tails, len(batch) == 1)
		if err != nil { // the savepoint could not be rolled back: nothing is kept
			fail(err)
			return
		}
		wrote = wrote || ok
	}
	if wrote {
		if err := tx.Commit(); err != nil {
			fail(fmt.Errorf("store: add transactions: %w", err))
			return
		}
	}
	// Also when every append was refused: each refusal put its portfolio's
	// tail back, so tails holds the stored histories' ends, and dropping
	// them made the next appends read and replay whole histories.
	for id, tail := range tails {
		h.tails.remember(id, tail)
	}
}

// appendSaved runs r in a savepoint of q's transaction, rolling it back
// when r fails; ok reports that r was written. An error is returned only
// when the savepoint itself failed. The only append of a batch (alone)
// needs no savepoint: when it fails, nothing is committed.
func appendSaved(ctx context.Context, h *userDB, q txStmts, r *appendReq, tails map[string]ledgerTail, alone bool) (bool, error) {
	id := r.portfolioID
	if _, seen := tails[id]; !seen {
		tails[id], _ = h.tails.get(id, r.ledger) // no state: the history is replayed
		h.tails.forget(id)                       // readers recompute it until the commit
	}
	prev := tails[id]
	if alone {
		if r.added, r.err = appendAudited(ctx, q, r, tails); r.err != nil {
			r.added, tails[id] = nil, prev
			return false, nil
		}
		return true, nil
	}
	if _, err := q.ExecContext(ctx, `SAVEPOINT append`); err != nil {
		return false, fmt.Errorf("store: add transactions: %w", err)
	}
	r.added, r.err = appendAudited(ctx, q, r, tails)
	if r.err == nil {
		_, err := q.ExecContext(ctx, `RELEASE append`)
		return true, wrapAdd(err)
	}
	r.added, tails[id] = nil, prev
	if _, err := q.ExecContext(ctx, `ROLLBACK TO append`); err != nil {
		return false, wrapAdd(err)
	}
	_, err := q.ExecContext(ctx, `RELEASE append`)
	return false, wrapAdd(err)
}

func wrapAdd(err error) error {
	if err != nil {
		return fmt.Errorf("store: add transactions: %w", err)
	}
	return nil
}

// appendAudited is appendInTx followed by the append's pending audit
// entry (WithPendingAudit), in the same savepoint: a refused append
// leaves no entry.
func appendAudited(ctx context.Context, q txStmts, r *appendReq, tails map[string]ledgerTail) ([]model.Transaction, error) {
	added, err := appendInTx(ctx, q, r, tails)
	if err != nil {
		return nil, err
	}
	first := ""
	if len(added) > 0 {
		first = added[0].ID
	}
	if err := insertPending(ctx, r.ctx, q, first); err != nil {
		return nil, err
	}
	return added, nil
}

// appendInTx checks and inserts r's transactions inside the batch's
// transaction and records the portfolio's new tail in tails: against the
// end state tails holds when every new transaction sorts after the
// history's last one, else by replaying the history as the transaction
// sees it. An append past the limit is refused before either, from the
// tail's length or a count.
func appendInTx(ctx context.Context, q txStmts, r *appendReq, tails map[string]ledgerTail) ([]model.Transaction, error) {
	tail := tails[r.portfolioID]
	if tail.state != nil && tail.n+len(r.txs) > model.MaxTransactionsPerFolio {
		return nil, model.ErrLimit // whatever the ledger or the order: no history read
	}
	created := r.now.UTC().Truncate(time.Millisecond)
	if tail.state == nil || len(r.txs) == 0 || !sameLedger(tail.ledger, r.ledger) || !tailAccepts(tail, r.txs, created) {
		return appendReplayed(ctx, q, r, tails)
	}
	return appendToTail(ctx, q, r, tail, tails)
}

// appendToTail is appendInTx's incremental path.
func appendToTail(ctx context.Context, q txStmts, r *appendReq, tail ledgerTail, tails map[string]ledgerTail) ([]model.Transaction, error) {
	if _, err := getPortfolio(ctx, q, r.portfolioID); err != nil {
		return nil, err
	}
	added, err := insertTransactions(ctx, q, r.portfolioID, r.txs, r.now)
	if err != nil {
		return nil, err
	}
	sorted := slices.Clone(added)
	model.SortTransactions(sorted)
	next, err := tail.state.Append(sorted)
	if err != nil {
		return nil, err
	}
	if err := touchPortfolio(ctx, q, r.portfolioID, time.Now()); err != nil {
		return nil, err
	}
	last := sorted[len(sorted)-1]
	tails[r.portfolioID] = ledgerTail{ledger: r.ledger, state: next, n: tail.n + len(added), date: last.Date, created: last.CreatedAt}
	return added, nil
}

// appendReplayed is appendInTx's path through the whole history.
func appendReplayed(ctx context.Context, q txStmts, r *appendReq, tails map[string]ledgerTail) ([]model.Transaction, error) {
	if _, err := getPortfolio(ctx, q, r.portfolioID); err != nil {
		return nil, err
	}
	if err := underLimit(ctx, q, r.portfolioID, len(r.txs)); err != nil {
		return nil, err
	}
	current, err := listTx(ctx, q.tx, r.portfolioID)
	if err != nil {
		return nil, err
	}
	added, err := insertTransactions(ctx, q, r.portfolioID, r.txs, r.now)
	if err != nil {
		return nil, err
	}
	proposed := append(current, added...)
	if len(proposed) > model.MaxTransactionsPerFolio {
		return nil, model.ErrLimit
	}
	model.SortTransactions(proposed)
	state, err := replay(r.ledger, proposed)
	if err != nil {
		return nil, err
	}
	if err := touchPortfolio(ctx, q, r.portfolioID, time.Now()); err != nil {
		return nil, err
	}
	tails[r.portfolioID] = newTail(r.ledger, state, proposed)
	return added, nil
}

// underLimit is model.ErrLimit when adding n transactions would take the
// portfolio past model.MaxTransactionsPerFolio. It counts the rows in the
// portfolio's index, so an append refused at the limit reads no history.
func underLimit(ctx context.Context, q txStmts, portfolioID string, n int) error {
	var stored int
	if err := q.QueryRowContext(ctx, countTxSQL, portfolioID).Scan(&stored); err != nil {
		return fmt.Errorf("store: count transactions: %w", err)
	}
	if stored+n > model.MaxTransactionsPerFolio {
		return model.ErrLimit
	}
	return nil
}

// countTxSQL counts a portfolio's transactions in the index
// transactions_portfolio.
const countTxSQL = `SELECT COUNT(*) FROM transactions WHERE portfolio_id = ?`

// settle waits for the flush of write turn turn of h and releases h, or
// hands both to the context's Flush (DeferFlush). A failed flush panics,
// as in endWrite.
func (s *Store) settle(ctx context.Context, h *userDB, turn uint64) {
	if d, ok := ctx.Value(deferKey{}).(*Flush); ok && h.flush != nil {
		d.add(h, turn)
		return
	}
	if ctx.Value(noFlushKey{}) != nil { // a later write's flush covers it
		s.users.release(h)
		return
	}
	err := h.flush.wait(turn)
	s.users.release(h)
	if err != nil {
		panic(err)
	}
}
