-- A project's alerting rules (docs/alert-rules.md). Routes are read and written whole, in order, so
-- they are one JSON array per project; escalation steps likewise one JSON array per policy.
-- Instants are BIGINT epoch milliseconds (UTC), durations BIGINT milliseconds.

CREATE TABLE alert_routes (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    routes     TEXT NOT NULL, -- JSON array of routes, in the order they are tried
    updated_at BIGINT NOT NULL
);

CREATE TABLE escalation_policies (
    id              BIGSERIAL PRIMARY KEY,
    project_id      BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            TEXT COLLATE "C" NOT NULL,
    steps           TEXT NOT NULL, -- JSON array of {afterMs, channels, owner}
    repeat_every_ms BIGINT,
    repeat_times    INTEGER,
    created_at      BIGINT NOT NULL,
    CONSTRAINT escalation_policies_project_name_uq UNIQUE (project_id, name)
);

-- One-off silences: a job (slug), a tag, or neither (the whole project).
CREATE TABLE silences (
    id         BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    job_slug   TEXT,
    tag        TEXT,
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    comment    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX silences_project_end_idx ON silences (project_id, ends_at);

-- Recurring maintenance windows: each fire time of cron (in timezone) opens one lasting duration_ms.
CREATE TABLE maintenance_windows (
    id          BIGSERIAL PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT COLLATE "C" NOT NULL,
    job_slug    TEXT,
    tag         TEXT,
    cron        TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    timezone    TEXT NOT NULL,
    comment     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    CONSTRAINT maintenance_windows_project_name_uq UNIQUE (project_id, name)
);
