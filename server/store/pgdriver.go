package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL backend runs the same SQL as SQLite through pgx's
// database/sql driver, wrapped by pgConnector:
//
//   - `?` placeholders become `$1, $2, …` (outside quoted text);
//   - Go bools are sent as 0/1, as SQLite stores them;
//   - every statement runs with the PostgreSQL setting app.user_id equal to
//     the user the store call is scoped to (userScope), or empty for the
//     accounts tables. The per-user tables' row-level security policies
//     compare their owner_id with it, so a query that forgot its WHERE
//     clause still sees only its user's rows. A transaction sets it with
//     SET LOCAL semantics (set_config(…, true)) and first takes an
//     advisory lock (the user's, or the accounts lock), so transactions are
//     serialised across every node as the writer queue and SQLite's single
//     writer serialise them on one.

// userKey carries the user a PostgreSQL statement is scoped to.
type userKey struct{}

// withUser scopes ctx's statements to userID.
func withUser(ctx context.Context, userID string) context.Context {
	return context.WithValue(ctx, userKey{}, userID)
}

func userOf(ctx context.Context) string {
	u, _ := ctx.Value(userKey{}).(string)
	return u
}

// openPostgres opens a pool on the PostgreSQL database at url.
func openPostgres(ctx context.Context, url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// The URL may hold a password: never echo it.
		return nil, fmt.Errorf("store: the PostgreSQL URL is not valid")
	}
	db := sql.OpenDB(pgConnector{base: stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(pgConns)
	db.SetMaxIdleConns(pgConns)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	return db, nil
}

// pgConns bounds one node's connections to PostgreSQL.
const pgConns = 16

type pgConnector struct{ base driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.base.Driver() }

// pgConn is one connection; user is the app.user_id its session holds.
type pgConn struct {
	*stdlib.Conn
	user string
	inTx bool
}

// scope sets the session's app.user_id to ctx's user when it differs.
func (c *pgConn) scope(ctx context.Context) error {
	if c.inTx {
		return nil
	}
	u := userOf(ctx)
	if u == c.user {
		return nil
	}
	if _, err := c.Conn.ExecContext(ctx, `SELECT set_config('app.user_id', $1, false)`, []driver.NamedValue{{Ordinal: 1, Value: u}}); err != nil {
		return err
	}
	c.user = u
	return nil
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.scope(ctx); err != nil {
		return nil, err
	}
	return c.Conn.ExecContext(ctx, rebind(query), pgArgs(args))
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.scope(ctx); err != nil {
		return nil, err
	}
	return c.Conn.QueryContext(ctx, rebind(query), pgArgs(args))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, rebind(query))
	if err != nil {
		return nil, err
	}
	return &pgStmt{Stmt: st.(*stdlib.Stmt), conn: c}, nil
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// BeginTx starts a transaction scoped to ctx's user (SET LOCAL), holding
// an advisory lock until it ends: the user's for a user's transaction, the
// accounts lock for the others. Transactions that read before they write
// (the first account becomes admin, the last admin cannot be demoted, a
// withdrawal fits the cash held) are thereby serialised on every node as
// SQLite's single writer serialises them on one.
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	u := userOf(ctx)
	lock := "fortfolio accounts"
	if u != "" {
		lock = "fortfolio user " + u
	}
	args := []driver.NamedValue{{Ordinal: 1, Value: u}, {Ordinal: 2, Value: lock}}
	if _, err := c.Conn.ExecContext(ctx, `SELECT set_config('app.user_id', $1, true), pg_advisory_xact_lock(hashtextextended($2, 0))`, args); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	c.inTx = true
	return pgTx{tx: tx, conn: c}, nil
}

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

type pgTx struct {
	tx   driver.Tx
	conn *pgConn
}

func (t pgTx) Commit() error   { t.conn.inTx = false; return t.tx.Commit() }
func (t pgTx) Rollback() error { t.conn.inTx = false; return t.tx.Rollback() }

type pgStmt struct {
	*stdlib.Stmt
	conn *pgConn
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.conn.scope(ctx); err != nil {
		return nil, err
	}
	return s.Stmt.ExecContext(ctx, pgArgs(args))
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.conn.scope(ctx); err != nil {
		return nil, err
	}
	return s.Stmt.QueryContext(ctx, pgArgs(args))
}

// pgArgs sends bools as the integers SQLite stores.
func pgArgs(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			args[i].Value = b2i(b)
		}
	}
	return args
}

var rebound sync.Map // SQL text → its PostgreSQL form

// rebind numbers the `?` placeholders of query as $1, $2, … (and `?NNN`
// as $NNN), skipping quoted text ('…' literals and "…" identifiers).
func rebind(query string) string {
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '?' && i+1 < len(query) && isDigit(query[i+1]):
			// ?NNN keeps its number; a later bare ? takes the next one
			// after the largest so far, as in SQLite.
			j := i + 1
			for j < len(query) && isDigit(query[j]) {
				j++
			}
			if v, _ := strconv.Atoi(query[i+1 : j]); v > n {
				n = v
			}
			b.WriteByte('$')
			continue
		case ch == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(ch)
	}
	out := b.String()
	rebound.Store(query, out)
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
