package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// postgresOnly skips a test of several nodes on the SQLite run.
func postgresOnly(t *testing.T) {
	t.Helper()
	if !onPostgres() {
		t.Skip("PostgreSQL only: several nodes share one database (FORTFOLIO_TEST_BACKEND=postgres)")
	}
}

// TestAuditSharedAcrossNodes: an entry appended on node A is in node B's
// admin audit panel, and node B's check verifies both nodes' chains.
func TestAuditSharedAcrossNodes(t *testing.T) {
	postgresOnly(t)
	a := newAdminFixture(t)
	b := newTestServer(t, testOptions{database: a.Database, dev: true})
	if r := a.do("POST", "/api/auth/login", "", wire.Credentials{Username: "alice", Password: "not her password"}); r.Status != http.StatusUnauthorized {
		t.Fatalf("failed login on A: %d", r.Status)
	}
	adminOnB, _ := b.login("root-admin", adminPassword)
	r := b.do("GET", "/api/admin/audit?action=auth.login.*&limit=500", adminOnB, nil)
	expect(t, r, http.StatusOK)
	var page wire.AuditPage
	decode(t, r, &page)
	var got []string
	for _, e := range page.Entries {
		got = append(got, e.Action+" "+e.Details["username"])
	}
	// Newest first in the one order: B's login, then A's failure, then A's logins.
	want := []string{"auth.login.success root-admin", "auth.login.failure alice", "auth.login.success alice", "auth.login.success root-admin"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("node B's panel shows %q, want %q", got, want)
	}
	r = b.do("GET", "/api/admin/audit/verify", adminOnB, nil)
	expect(t, r, http.StatusOK)
	var v wire.AuditVerify
	decode(t, r, &v)
	if !v.OK || v.Entries < 6 {
		t.Fatalf("node B's check of the shared table: %+v", v)
	}
}

// TestAdminAuditVerifySharedTable: on PostgreSQL the panel's check reads
// the shared table and names the first tampered row (edited, deleted or
// reordered by someone past the table's privileges and triggers).
func TestAdminAuditVerifySharedTable(t *testing.T) {
	postgresOnly(t)
	tamper := map[string]string{
		"edit":    `UPDATE audit_outbox SET line = replace(line, '"auth.', '"admin.') WHERE position = %[1]d`,
		"delete":  `DELETE FROM audit_outbox WHERE position = %[1]d`,
		"reorder": `UPDATE audit_outbox SET line = CASE position WHEN %[1]d THEN (SELECT line FROM audit_outbox WHERE position = %[2]d) ELSE (SELECT line FROM audit_outbox WHERE position = %[1]d) END WHERE position IN (%[1]d, %[2]d)`,
	}
	for name, stmt := range tamper {
		t.Run(name, func(t *testing.T) {
			f := newAdminFixture(t)
			positions := tablePositions(t, f.Database)
			if len(positions) < 4 {
				t.Fatalf("%d rows in the shared table", len(positions))
			}
			r := f.do("GET", "/api/admin/audit/verify", f.adminTok, nil)
			var v wire.AuditVerify
			decode(t, r, &v)
			if !v.OK || v.Entries != len(positions) {
				t.Fatalf("fresh table: %+v", v)
			}
			if err := pgtest.AsSuperuser(t, f.Database, "SET session_replication_role = replica; "+fmt.Sprintf(stmt, positions[1], positions[2])); err != nil {
				t.Fatal(err)
			}
			r = f.do("GET", "/api/admin/audit/verify", f.adminTok, nil)
			v = wire.AuditVerify{}
			decode(t, r, &v)
			want := positions[1]
			if name == "delete" {
				want = positions[2] // the row after the gap
			}
			if v.OK || v.BrokenPosition != want || v.BrokenNode != f.Platform.Store.NodeID() || v.BrokenError == "" {
				t.Fatalf("tampering (%s) not located at position %d: %+v", name, want, v)
			}
		})
	}
}

// tablePositions returns the shared audit table's positions in order.
func tablePositions(t *testing.T, dbURL string) []int64 {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT position FROM audit_outbox ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
