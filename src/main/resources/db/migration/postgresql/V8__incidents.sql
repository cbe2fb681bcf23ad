-- Incidents: a job needing attention, from the flip that opened it to its recovery or a manual
-- resolve. Every notification about one incident carries the same key for receivers. The engine
-- updates a row only if its version is unchanged, so the writer, the escalation loop and people
-- acknowledging never overwrite each other.
CREATE TABLE incidents (
    id              BIGSERIAL PRIMARY KEY,
    job_id          BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    project_id      BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    severity        TEXT NOT NULL,
    state           TEXT NOT NULL,
    opened_at       BIGINT NOT NULL,
    open_flip_id    BIGINT,
    reason          TEXT,
    acknowledged_at BIGINT,
    acknowledged_by TEXT,
    resolved_at     BIGINT,
    resolved_by     TEXT,
    flapping        BOOLEAN NOT NULL,
    job_down        BOOLEAN NOT NULL,
    last_flip_at    BIGINT,
    notified_at     BIGINT,
    suppressed      TEXT,
    targets         TEXT,
    step            INTEGER NOT NULL,
    repeats         INTEGER NOT NULL,
    next_check_at   BIGINT,
    version         INTEGER NOT NULL
);
CREATE INDEX incidents_job_idx ON incidents (job_id, id);
CREATE INDEX incidents_project_idx ON incidents (project_id, id);
CREATE INDEX incidents_due_idx ON incidents (next_check_at) WHERE next_check_at IS NOT NULL;
-- At most one open or acknowledged incident per job.
CREATE UNIQUE INDEX incidents_active_uq ON incidents (job_id) WHERE state <> 'resolved';

CREATE TABLE incident_events (
    id          BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          BIGINT NOT NULL,
    action      TEXT NOT NULL,
    actor       TEXT,
    detail      TEXT
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);

ALTER TABLE outbox ADD COLUMN incident_id BIGINT REFERENCES incidents (id) ON DELETE CASCADE;
CREATE INDEX outbox_incident_idx ON outbox (incident_id);

ALTER TABLE channels ADD COLUMN fallback BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE channels ADD COLUMN failing_since BIGINT;
ALTER TABLE channels ADD COLUMN failing_error TEXT;

-- Upstream jobs (slugs, as JSON) whose incidents inhibit this job's.
ALTER TABLE jobs ADD COLUMN depends_on TEXT;
