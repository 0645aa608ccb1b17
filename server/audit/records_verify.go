package audit

import "time"

// RecordChecker verifies one log's lines given in chain order from
// outside its day files (the shared audit table on PostgreSQL) with the
// rules Verify applies to the files, except the file-day check.
type RecordChecker struct {
	c *chain
}

// NewRecordChecker starts a verification with o's key and checkpoints
// (o.AccountsExist is ignored: a node may not have written yet).
func NewRecordChecker(o VerifyOptions) *RecordChecker {
	o.AccountsExist = false
	return &RecordChecker{c: newChain(o)}
}

// Check verifies the next line (without its newline) and returns why it
// breaks the chain, or "" when it extends it. After a break the checker
// is done.
func (rc *RecordChecker) Check(line []byte) string {
	if rc.c.res.Broken != nil {
		return rc.c.res.Broken.Reason
	}
	rc.c.res.Entries++
	reason := rc.c.check(line, nil, time.Time{})
	if reason != "" {
		rc.c.res.Broken = &Break{Line: rc.c.res.Entries, Reason: reason}
	}
	return reason
}

// Entries returns how many lines were checked, the broken one included.
func (rc *RecordChecker) Entries() int { return rc.c.res.Entries }

// Result returns the outcome: for an intact chain, compared with the
// checkpoints as VerifyWith does.
func (rc *RecordChecker) Result() Result {
	if rc.c.res.Broken != nil {
		return rc.c.done()
	}
	return rc.c.finish()
}

// ParseLine decodes one line (without its newline) and checks that it is
// in canonical form and that its hash matches its content; the chain link
// and the MAC are left to Verify or a RecordChecker.
func ParseLine(b []byte) (Entry, error) { return parseLine(b) }
