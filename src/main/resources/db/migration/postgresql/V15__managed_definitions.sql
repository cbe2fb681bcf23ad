-- Jobs as code (docs/jobs-as-code.md): which apply source manages which object of a project. An
-- object with no row here was made in the dashboard or the API, and apply never touches it unless
-- adopted. kind is job, channel, escalationPolicy, maintenanceWindow or routes; name is the job's
-- slug or the object's name ('' for routes, one list per project). secret_refs (channels only) is a
-- JSON object: config field path -> env:NAME or file:PATH, where the secret came from, for export.
CREATE TABLE managed_definitions (
    project_id  BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    secret_refs TEXT,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (project_id, kind, name)
);
CREATE INDEX managed_definitions_source_idx ON managed_definitions (source);
