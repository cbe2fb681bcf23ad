-- The audit log (PRODUCT.md §9, docs/security.md): every change, written in the transaction of the
-- change by whichever server made it. actor_kind is key, session or system; before_json and
-- after_json are the changed thing as JSON with its secrets left out. No foreign keys: an entry
-- outlives the key, project or job it names. Deleted by age (VIGIL_AUDIT_RETENTION).
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           BIGINT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_key_id BIGINT,
    actor_name   TEXT NOT NULL,
    address      TEXT,
    action       TEXT NOT NULL,
    project_id   BIGINT,
    target       TEXT,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_project_idx ON audit_log (project_id, id);
