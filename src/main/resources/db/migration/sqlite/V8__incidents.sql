-- Incidents: a job needing attention, from the flip that opened it to its recovery or a manual
-- resolve. Every notification about one incident carries the same key for receivers. The engine
-- updates a row only if its version is unchanged, so the writer, the escalation loop and people
-- acknowledging never overwrite each other.
CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id          INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    project_id      INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    severity        TEXT NOT NULL,
    state           TEXT NOT NULL,
    opened_at       INTEGER NOT NULL,
    open_flip_id    INTEGER,
    reason          TEXT,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    resolved_at     INTEGER,
    resolved_by     TEXT,
    flapping        INTEGER NOT NULL,
    job_down        INTEGER NOT NULL,
    last_flip_at    INTEGER,
    notified_at     INTEGER,
    suppressed      TEXT,
    targets         TEXT,
    step            INTEGER NOT NULL,
    repeats         INTEGER NOT NULL,
    next_check_at   INTEGER,
    version         INTEGER NOT NULL
) STRICT;
CREATE INDEX incidents_job_idx ON incidents (job_id, id);
CREATE INDEX incidents_project_idx ON incidents (project_id, id);
CREATE INDEX incidents_due_idx ON incidents (next_check_at) WHERE next_check_at IS NOT NULL;
-- At most one open or acknowledged incident per job.
CREATE UNIQUE INDEX incidents_active_uq ON incidents (job_id) WHERE state <> 'resolved';

CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    action      TEXT NOT NULL,
    actor       TEXT,
    detail      TEXT
) STRICT;
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

ALTER TABLE outbox ADD COLUMN incident_id INTEGER REFERENCES incidents (id) ON DELETE CASCADE;
CREATE INDEX outbox_incident_idx ON outbox (incident_id);

ALTER TABLE channels ADD COLUMN fallback INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN failing_since INTEGER;
ALTER TABLE channels ADD COLUMN failing_error TEXT;

-- Upstream jobs (slugs, as JSON) whose incidents inhibit this job's.
ALTER TABLE jobs ADD COLUMN depends_on TEXT;
