package api_test

import (
	"net/http"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAdminBackups(t *testing.T) {
	f := newAdminFixture(t)
	var list wire.BackupList
	decode(t, f.do("GET", "/api/admin/backups", f.adminTok, nil), &list)
	if len(list.Backups) != 0 || list.LastSuccess != nil {
		t.Fatalf("fresh server lists backups: %+v", list)
	}
	r := f.do("POST", "/api/admin/backups", f.adminTok, nil)
	expect(t, r, http.StatusCreated)
	var made wire.Backup
	decode(t, r, &made)
	if made.Size == 0 || made.Files == 0 {
		t.Fatalf("empty backup: %+v", made)
	}
	decode(t, f.do("GET", "/api/admin/backups", f.adminTok, nil), &list)
	if len(list.Backups) != 1 || list.Backups[0].Name != made.Name || list.LastSuccess == nil || list.LastFailure != nil {
		t.Fatalf("list after backup: %+v", list)
	}
	var page wire.AuditPage
	decode(t, f.do("GET", "/api/admin/audit?action=backup.run", f.adminTok, nil), &page)
	if len(page.Entries) != 1 || page.Entries[0].Actor != f.adminID || page.Entries[0].Target != made.Name {
		t.Fatalf("backup not audited: %+v", page.Entries)
	}
}
