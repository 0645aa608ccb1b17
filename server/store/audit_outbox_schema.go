package store

// pgAuditOutbox is the shared, append-only audit table of the PostgreSQL
// backend: every line each node writes to its audit log, in one order.
//
//   - position is assigned by the insert trigger under an advisory lock
//     held until the inserting transaction commits, so positions are
//     unique and increase in commit order across all nodes;
//   - the trigger refuses a row that does not directly follow its node's
//     newest row (seq one more, prev its hash), so each node's rows are
//     its chain in seq order, without gaps;
//   - UPDATE, DELETE and TRUNCATE are refused by a statement trigger and
//     revoked from the role that creates the table (the nodes' role).
//
// at_ns is the entry's time in Unix nanoseconds, actor and action are
// copies of the line's, for the admin viewer's filters; line is the
// canonical line itself, which verification checks the columns against.
const pgAuditOutbox = `CREATE SEQUENCE audit_outbox_position;
	CREATE TABLE audit_outbox (
		position BIGINT PRIMARY KEY,
		node_id TEXT NOT NULL CHECK (node_id <> ''),
		seq BIGINT NOT NULL CHECK (seq > 0),
		at_ns BIGINT NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		prev TEXT NOT NULL,
		hash TEXT NOT NULL,
		line TEXT NOT NULL,
		UNIQUE (node_id, seq)
	);
	CREATE INDEX audit_outbox_actor ON audit_outbox(actor, position);
	CREATE INDEX audit_outbox_at ON audit_outbox(at_ns);
	CREATE FUNCTION audit_outbox_append() RETURNS trigger LANGUAGE plpgsql AS $fn$
	DECLARE
		last_seq BIGINT;
		last_hash TEXT;
	BEGIN
		PERFORM pg_advisory_xact_lock(hashtextextended('fortfolio audit outbox', 0));
		SELECT seq, hash INTO last_seq, last_hash FROM audit_outbox
			WHERE node_id = NEW.node_id ORDER BY seq DESC LIMIT 1;
		IF NEW.seq <> COALESCE(last_seq, 0) + 1 THEN
			RAISE EXCEPTION 'audit_outbox: entry % of node % does not follow its entry %', NEW.seq, NEW.node_id, COALESCE(last_seq, 0)
				USING ERRCODE = 'integrity_constraint_violation';
		END IF;
		IF NEW.prev <> COALESCE(last_hash, repeat('0', 64)) THEN
			RAISE EXCEPTION 'audit_outbox: entry % of node % does not link to its previous entry', NEW.seq, NEW.node_id
				USING ERRCODE = 'integrity_constraint_violation';
		END IF;
		NEW.position := nextval('audit_outbox_position');
		RETURN NEW;
	END
	$fn$;
	CREATE FUNCTION audit_outbox_refuse() RETURNS trigger LANGUAGE plpgsql AS $fn$
	BEGIN
		RAISE EXCEPTION 'audit_outbox is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
	END
	$fn$;
	CREATE TRIGGER audit_outbox_append BEFORE INSERT ON audit_outbox
		FOR EACH ROW EXECUTE FUNCTION audit_outbox_append();
	CREATE TRIGGER audit_outbox_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_outbox
		FOR EACH STATEMENT EXECUTE FUNCTION audit_outbox_refuse();
	REVOKE UPDATE, DELETE, TRUNCATE ON audit_outbox FROM CURRENT_USER;`
