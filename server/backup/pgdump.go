package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/fortfolio/fortfolio/server/pgbin"
)

// PGDumpName is the archive entry holding the PostgreSQL database: a
// pg_dump in its custom format (-Fc), read with pg_restore.
const PGDumpName = "database.pgdump"

// maxToolOutput caps what is kept of a PostgreSQL tool's messages.
const maxToolOutput = 4 << 10

// PGTool returns the path of a PostgreSQL client program (pg_dump,
// pg_restore): see pgbin.Tool.
func PGTool(name string) (string, error) {
	p, err := pgbin.Tool(name)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	return p, nil
}

// dumpPostgres writes a custom-format pg_dump of the database at dbURL to
// the new 0600 file dst. The password never appears on the command line
// (it goes to pg_dump in PGPASSWORD) nor in an error.
func dumpPostgres(ctx context.Context, dbURL, dst string) error {
	bin, err := PGTool("pg_dump")
	if err != nil {
		return err
	}
	conn, password, err := splitPassword(dbURL)
	if err != nil {
		return err
	}
	if err := checkDumpVersion(ctx, bin, dbURL); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- path is built by this program from the staging directory
	if err != nil {
		return fmt.Errorf("backup: create database dump: %w", err)
	}
	defer f.Close()
	if err := runPGTool(ctx, bin, password, f, "--format=custom", "--no-password", "--dbname="+conn); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: write database dump: %w", err)
	}
	return f.Close()
}

// runPGTool runs a PostgreSQL client program with the password in
// PGPASSWORD (never on its command line), its output to stdout (nil:
// discarded); its error messages, which hold no password, make the error.
func runPGTool(ctx context.Context, bin, password string, stdout io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...) // #nosec G204 -- a PostgreSQL tool found by PGTool, with a connection string from the server's configuration
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &limitedBuffer{b: &stderr, max: maxToolOutput}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("backup: %s failed: %w: %s", filepath.Base(bin), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// splitPassword returns the connection URL without its password (in the
// user info or the password parameter) and the password.
func splitPassword(dbURL string) (string, string, error) {
	u, err := url.Parse(dbURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", "", errors.New("backup: the PostgreSQL URL is not valid") // never echo it: it may hold a password
	}
	var password string
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if p := q.Get("password"); p != "" {
		password = p
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String(), password, nil
}

var toolVersionRE = regexp.MustCompile(`\(PostgreSQL\) ([0-9]+)`)

// checkDumpVersion refuses a pg_dump older than the server: pg_dump
// cannot read a newer server's catalogue.
func checkDumpVersion(ctx context.Context, bin, dbURL string) error {
	out, err := exec.CommandContext(ctx, bin, "--version").Output() // #nosec G204 -- the pg_dump found by PGTool
	if err != nil {
		return fmt.Errorf("backup: %s --version: %w", bin, err)
	}
	tool, ok := toolMajor(out)
	if !ok {
		return fmt.Errorf("backup: cannot read the version of %s", bin)
	}
	server, readsAll, err := serverInfo(ctx, dbURL)
	if err != nil {
		return err
	}
	if !readsAll {
		return errors.New("backup: the PostgreSQL role cannot read every row past row-level security: " +
			"dump with a role that has BYPASSRLS and pg_read_all_data (docs/backups.md)")
	}
	if tool < server {
		return fmt.Errorf("backup: %s is version %d, older than the PostgreSQL server (%d): install the version %d client or newer", bin, tool, server, server)
	}
	return nil
}

// toolMajor reads the major version from a PostgreSQL tool's --version
// output ("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)").
func toolMajor(out []byte) (int, bool) {
	m := toolVersionRE.FindSubmatch(out)
	if m == nil {
		return 0, false
	}
	v, err := strconv.Atoi(string(m[1]))
	return v, err == nil
}

// serverInfo asks the server for its major version and whether the role
// connected reads past row-level security (superuser or BYPASSRLS), as
// pg_dump needs to see every user's rows.
func serverInfo(ctx context.Context, dbURL string) (major int, readsAll bool, err error) {
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, false, fmt.Errorf("backup: connect to PostgreSQL: %w", err) // pgx's message leaves out the password
	}
	defer c.Close(context.WithoutCancel(ctx))
	var num int
	err = c.QueryRow(ctx, `SELECT current_setting('server_version_num')::int, rolsuper OR rolbypassrls
		FROM pg_roles WHERE rolname = current_user`).Scan(&num, &readsAll)
	if err != nil {
		return 0, false, fmt.Errorf("backup: PostgreSQL server version: %w", err)
	}
	return num / 10000, readsAll, nil
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
