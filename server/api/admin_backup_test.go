package api_test

import (
	"net/http"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestAdminBackups(t *testing.T) {
	f := newAdminFixture(t)
	var made wire.Backup
	backups := func(check func(t *testing.T, list wire.BackupList)) func(*testing.T, response) {
		return func(t *testing.T, r response) {
			var list wire.BackupList
			decode(t, r, &list)
			check(t, list)
		}
	}
	f.runScenarios(t, []scenario{
		{name: "none on a fresh server", method: "GET", path: "/api/admin/backups", token: f.adminTok, wantStatus: http.StatusOK,
			after: backups(func(t *testing.T, list wire.BackupList) {
				if len(list.Backups) != 0 || list.LastSuccess != nil {
					t.Fatalf("fresh server lists backups: %+v", list)
				}
			})},
		{name: "back up now", method: "POST", path: "/api/admin/backups", token: f.adminTok, wantStatus: http.StatusCreated,
			after: func(t *testing.T, r response) {
				decode(t, r, &made)
				if made.Size == 0 || made.Files == 0 {
					t.Fatalf("empty backup: %+v", made)
				}
			}},
		{name: "listed", method: "GET", path: "/api/admin/backups", token: f.adminTok, wantStatus: http.StatusOK,
			after: backups(func(t *testing.T, list wire.BackupList) {
				if len(list.Backups) != 1 || list.Backups[0].Name != made.Name || list.LastSuccess == nil || list.LastFailure != nil {
					t.Fatalf("list after backup: %+v", list)
				}
			})},
		{name: "audited", method: "GET", path: "/api/admin/audit?action=backup.run", token: f.adminTok, wantStatus: http.StatusOK,
			after: func(t *testing.T, r response) {
				var page wire.AuditPage
				decode(t, r, &page)
				if len(page.Entries) != 1 || page.Entries[0].Actor != f.adminID || page.Entries[0].Target != made.Name {
					t.Fatalf("backup not audited: %+v", page.Entries)
				}
			}},
	})
}
