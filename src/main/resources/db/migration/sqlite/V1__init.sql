-- Vigil schema, SQLite dialect: STRICT tables, booleans as INTEGER 0/1. Instants are INTEGER epoch
-- milliseconds (UTC), durations INTEGER milliseconds. Same tables and columns as the PostgreSQL one.
-- AUTOINCREMENT so that ids (run ids appear in URLs) are never reused after a delete.

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL,
    name        TEXT,
    ping_key    TEXT,
    created_at  INTEGER NOT NULL,
    CONSTRAINT projects_slug_uq UNIQUE (slug),
    CONSTRAINT projects_ping_key_uq UNIQUE (ping_key)
) STRICT;

CREATE TABLE jobs (
    id                                INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid                              TEXT NOT NULL,
    project_id                        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    slug                              TEXT NOT NULL,
    name                              TEXT,
    description                       TEXT,
    owner                             TEXT,
    tags                              TEXT NOT NULL, -- JSON array, read back with the row
    schedule_kind                     TEXT NOT NULL, -- cron | every | none
    cron_expression                   TEXT,
    cron_zone                         TEXT,
    every_ms                          INTEGER,
    grace_ms                          INTEGER,
    max_runtime_ms                    INTEGER,
    min_runtime_ms                    INTEGER,
    health_consecutive_failures       INTEGER NOT NULL,
    health_failure_without_success_ms INTEGER NOT NULL,
    health_recover_after              INTEGER NOT NULL,
    created_at                        INTEGER NOT NULL,
    updated_at                        INTEGER,
    CONSTRAINT jobs_uuid_uq UNIQUE (uuid),
    CONSTRAINT jobs_project_slug_uq UNIQUE (project_id, slug)
) STRICT;

-- The tags again, one row each, so that filtering by tag uses an index.
CREATE TABLE job_tags (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tag    TEXT NOT NULL,
    PRIMARY KEY (job_id, tag)
) STRICT;
CREATE INDEX job_tags_tag_idx ON job_tags (tag, job_id);

CREATE TABLE job_state (
    job_id                INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    status                TEXT NOT NULL,
    health                TEXT NOT NULL,
    paused                INTEGER NOT NULL,
    last_started_at       INTEGER,
    last_succeeded_at     INTEGER,
    last_failed_at        INTEGER,
    last_ping_at          INTEGER,
    expected_at           INTEGER,
    ttl_deadline          INTEGER,
    open_runs             INTEGER NOT NULL,
    run_started_at        INTEGER,
    progress_at           INTEGER,
    consecutive_failures  INTEGER NOT NULL,
    consecutive_successes INTEGER NOT NULL,
    next_deadline         INTEGER,
    alerting              INTEGER NOT NULL,
    status_since          INTEGER
) STRICT;
CREATE INDEX job_state_deadline_idx ON job_state (next_deadline) WHERE next_deadline IS NOT NULL;

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    rid           TEXT,
    trigger       TEXT NOT NULL,
    scheduled_for INTEGER,
    attempt       INTEGER NOT NULL,
    state         TEXT NOT NULL,
    started_at    INTEGER,
    ended_at      INTEGER,
    exit_code     INTEGER,
    reason        TEXT,
    output        TEXT,
    agent         TEXT
) STRICT;
CREATE INDEX runs_job_idx ON runs (job_id, id);
-- Open runs are few; these keep the per-ping lookups small however long the history grows.
CREATE INDEX runs_open_idx ON runs (job_id, started_at) WHERE state = 'running';
CREATE INDEX runs_open_rid_idx ON runs (job_id, rid) WHERE state = 'running';

-- Append-only. run_id has no foreign key: events go with their job, and a cascade from runs would
-- need another index on this, the busiest table.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    run_id    INTEGER,
    at        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    rid       TEXT,
    exit_code INTEGER,
    message   TEXT,
    data      TEXT,
    source    TEXT
) STRICT;
CREATE INDEX events_job_idx ON events (job_id, id);

CREATE TABLE flips (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id           INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at               INTEGER NOT NULL,
    from_status      TEXT,
    to_status        TEXT,
    from_health      TEXT,
    to_health        TEXT,
    alerting         INTEGER NOT NULL,
    alerting_changed INTEGER NOT NULL,
    reason           TEXT
) STRICT;
CREATE INDEX flips_job_idx ON flips (job_id, id);

CREATE TABLE channels (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    config     TEXT,
    created_at INTEGER NOT NULL,
    CONSTRAINT channels_project_name_uq UNIQUE (project_id, name)
) STRICT;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id      INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    job_id          INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    flip_id         INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    payload         TEXT,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT,
    CONSTRAINT outbox_idempotency_key_uq UNIQUE (idempotency_key)
) STRICT;
CREATE INDEX outbox_due_idx ON outbox (state, next_attempt_at);
CREATE INDEX outbox_job_idx ON outbox (job_id, id);
CREATE INDEX outbox_channel_idx ON outbox (channel_id);

CREATE TABLE delivery_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    ok              INTEGER NOT NULL,
    status_code     INTEGER,
    error           TEXT,
    duration_ms     INTEGER NOT NULL
) STRICT;
CREATE INDEX delivery_attempts_notification_idx ON delivery_attempts (notification_id, id);

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT,
    prefix     TEXT,
    hash       TEXT NOT NULL,
    project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT api_keys_hash_uq UNIQUE (hash)
) STRICT;
CREATE INDEX api_keys_project_idx ON api_keys (project_id);
