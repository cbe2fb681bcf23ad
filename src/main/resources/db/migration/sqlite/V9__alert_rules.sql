-- A project's alerting rules (docs/alert-rules.md). Routes are read and written whole, in order, so
-- they are one JSON array per project; escalation steps likewise one JSON array per policy.
-- Instants are INTEGER epoch milliseconds (UTC), durations INTEGER milliseconds.

CREATE TABLE alert_routes (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    routes     TEXT NOT NULL, -- JSON array of routes, in the order they are tried
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE escalation_policies (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    steps           TEXT NOT NULL, -- JSON array of {afterMs, channels, owner}
    repeat_every_ms INTEGER,
    repeat_times    INTEGER,
    created_at      INTEGER NOT NULL,
    CONSTRAINT escalation_policies_project_name_uq UNIQUE (project_id, name)
) STRICT;

-- One-off silences: a job (slug), a tag, or neither (the whole project).
CREATE TABLE silences (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    job_slug   TEXT,
    tag        TEXT,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    comment    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX silences_project_end_idx ON silences (project_id, ends_at);

-- Recurring maintenance windows: each fire time of cron (in timezone) opens one lasting duration_ms.
CREATE TABLE maintenance_windows (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    job_slug    TEXT,
    tag         TEXT,
    cron        TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    timezone    TEXT NOT NULL,
    comment     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    CONSTRAINT maintenance_windows_project_name_uq UNIQUE (project_id, name)
) STRICT;
