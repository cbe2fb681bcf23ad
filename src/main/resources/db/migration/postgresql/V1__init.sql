-- Vigil schema, PostgreSQL dialect. Instants are BIGINT epoch milliseconds (UTC), durations BIGINT
-- milliseconds. Kept to what PostgreSQL-compatible distributed databases (CockroachDB, YugabyteDB)
-- accept: no triggers, procedures, advisory locks or LISTEN/NOTIFY.
-- Slugs and names are COLLATE "C" so that ordering and keyset paging are bytewise, as on SQLite,
-- whatever locale the database was created with.

CREATE TABLE projects (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT COLLATE "C" NOT NULL,
    name        TEXT,
    ping_key    TEXT,
    created_at  BIGINT NOT NULL,
    CONSTRAINT projects_slug_uq UNIQUE (slug),
    CONSTRAINT projects_ping_key_uq UNIQUE (ping_key)
);

CREATE TABLE jobs (
    id                                BIGSERIAL PRIMARY KEY,
    uuid                              TEXT NOT NULL,
    project_id                        BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    slug                              TEXT COLLATE "C" NOT NULL,
    name                              TEXT,
    description                       TEXT,
    owner                             TEXT,
    tags                              TEXT NOT NULL, -- JSON array, read back with the row
    schedule_kind                     TEXT NOT NULL, -- cron | every | none
    cron_expression                   TEXT,
    cron_zone                         TEXT,
    every_ms                          BIGINT,
    grace_ms                          BIGINT,
    max_runtime_ms                    BIGINT,
    min_runtime_ms                    BIGINT,
    health_consecutive_failures       INTEGER NOT NULL,
    health_failure_without_success_ms BIGINT NOT NULL,
    health_recover_after              INTEGER NOT NULL,
    created_at                        BIGINT NOT NULL,
    updated_at                        BIGINT,
    CONSTRAINT jobs_uuid_uq UNIQUE (uuid),
    CONSTRAINT jobs_project_slug_uq UNIQUE (project_id, slug)
);

-- The tags again, one row each, so that filtering by tag uses an index.
CREATE TABLE job_tags (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tag    TEXT NOT NULL,
    PRIMARY KEY (job_id, tag)
);
CREATE INDEX job_tags_tag_idx ON job_tags (tag, job_id);

CREATE TABLE job_state (
    job_id                BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    status                TEXT NOT NULL,
    health                TEXT NOT NULL,
    paused                BOOLEAN NOT NULL,
    last_started_at       BIGINT,
    last_succeeded_at     BIGINT,
    last_failed_at        BIGINT,
    last_ping_at          BIGINT,
    expected_at           BIGINT,
    ttl_deadline          BIGINT,
    open_runs             INTEGER NOT NULL,
    run_started_at        BIGINT,
    progress_at           BIGINT,
    consecutive_failures  INTEGER NOT NULL,
    consecutive_successes INTEGER NOT NULL,
    next_deadline         BIGINT,
    alerting              BOOLEAN NOT NULL,
    status_since          BIGINT
);
CREATE INDEX job_state_deadline_idx ON job_state (next_deadline) WHERE next_deadline IS NOT NULL;

CREATE TABLE runs (
    id            BIGSERIAL PRIMARY KEY,
    job_id        BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    rid           TEXT,
    trigger       TEXT NOT NULL,
    scheduled_for BIGINT,
    attempt       INTEGER NOT NULL,
    state         TEXT NOT NULL,
    started_at    BIGINT,
    ended_at      BIGINT,
    exit_code     INTEGER,
    reason        TEXT,
    output        TEXT,
    agent         TEXT
);
CREATE INDEX runs_job_idx ON runs (job_id, id);
-- Open runs are few; these keep the per-ping lookups small however long the history grows.
CREATE INDEX runs_open_idx ON runs (job_id, started_at) WHERE state = 'running';
CREATE INDEX runs_open_rid_idx ON runs (job_id, rid) WHERE state = 'running';

-- Append-only. run_id has no foreign key: events go with their job, and a cascade from runs would
-- need another index on this, the busiest table.
CREATE TABLE events (
    id        BIGSERIAL PRIMARY KEY,
    job_id    BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    run_id    BIGINT,
    at        BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    rid       TEXT,
    exit_code INTEGER,
    message   TEXT,
    data      TEXT,
    source    TEXT
);
CREATE INDEX events_job_idx ON events (job_id, id);

CREATE TABLE flips (
    id               BIGSERIAL PRIMARY KEY,
    job_id           BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at               BIGINT NOT NULL,
    from_status      TEXT,
    to_status        TEXT,
    from_health      TEXT,
    to_health        TEXT,
    alerting         BOOLEAN NOT NULL,
    alerting_changed BOOLEAN NOT NULL,
    reason           TEXT
);
CREATE INDEX flips_job_idx ON flips (job_id, id);

CREATE TABLE channels (
    id         BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    config     TEXT,
    created_at BIGINT NOT NULL,
    CONSTRAINT channels_project_name_uq UNIQUE (project_id, name)
);

CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    channel_id      BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    job_id          BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    flip_id         BIGINT NOT NULL,
    idempotency_key TEXT NOT NULL,
    payload         TEXT,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    last_error      TEXT,
    CONSTRAINT outbox_idempotency_key_uq UNIQUE (idempotency_key)
);
CREATE INDEX outbox_due_idx ON outbox (state, next_attempt_at);
CREATE INDEX outbox_job_idx ON outbox (job_id, id);
CREATE INDEX outbox_channel_idx ON outbox (channel_id);

CREATE TABLE delivery_attempts (
    id              BIGSERIAL PRIMARY KEY,
    notification_id BIGINT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    ok              BOOLEAN NOT NULL,
    status_code     INTEGER,
    error           TEXT,
    duration_ms     BIGINT NOT NULL
);
CREATE INDEX delivery_attempts_notification_idx ON delivery_attempts (notification_id, id);

CREATE TABLE api_keys (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT,
    prefix     TEXT,
    hash       TEXT NOT NULL,
    project_id BIGINT REFERENCES projects (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT api_keys_hash_uq UNIQUE (hash)
);
CREATE INDEX api_keys_project_idx ON api_keys (project_id);
