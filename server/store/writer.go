package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Connection bounds of one per-user database: a few readers share the
// pool with the single writer. All of them stay open while the database
// is busy (closing and reopening connections under load costs a schema
// parse each time); idle ones are closed after a while, so a cached but
// quiet database holds no connection.
const (
	userDBConns       = 4
	userDBIdleConns   = userDBConns
	userDBIdleTimeout = 2 * time.Minute
	// userDBFiles is the estimated file descriptors one cached database
	// needs (database and WAL file per connection, the shared memory file).
	userDBFiles = 2*userDBConns + 1
)

// boundConns applies the connection bounds of a per-user database.
func boundConns(db *sql.DB) {
	db.SetMaxOpenConns(userDBConns)
	db.SetMaxIdleConns(userDBIdleConns)
	db.SetConnMaxIdleTime(userDBIdleTimeout)
}

// writer lets one write transaction at a time into a database, in arrival
// order, queued in Go: SQLite's busy loop (sleep and poll) never decides
// who writes next, and a writer never meets SQLITE_BUSY from a sibling.
type writer struct {
	slot chan struct{}
}

func newWriter() *writer { return &writer{slot: make(chan struct{}, 1)} }

// lock waits for the database's turn to write, or for ctx to end.
func (w *writer) lock(ctx context.Context) error {
	select {
	case w.slot <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("store: wait to write: %w", ctx.Err())
	}
}

// unlock hands the turn to the next writer.
func (w *writer) unlock() { <-w.slot }
