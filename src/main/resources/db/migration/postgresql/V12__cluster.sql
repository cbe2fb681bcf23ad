-- Several servers on one database (docs/cluster.md). Every node registers in cluster_nodes and
-- keeps heartbeat_at fresh; jobs map to a fixed number of partitions (job id modulo the count),
-- and each partition is leased by one node: owner and epoch in partition_leases, valid while the
-- owner's heartbeat is fresh. A claim raises the epoch; an owner's decisions are committed only
-- while its epoch still stands (it reads its lease rows FOR SHARE in the same transaction), so a
-- former owner cannot commit once another node took over. The embedded SQLite store is always one
-- node, which owns every partition without these rows.
CREATE TABLE cluster_nodes (
    id           TEXT PRIMARY KEY,
    address      TEXT,
    version      TEXT,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    stopping     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE partition_leases (
    partition_no INTEGER PRIMARY KEY,
    owner        TEXT,
    epoch        BIGINT NOT NULL,
    since        BIGINT
);

-- Every change of a partition's owner, for the cluster page and for measuring takeovers.
CREATE TABLE cluster_takeovers (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    partition_no INTEGER NOT NULL,
    from_node    TEXT,
    to_node      TEXT NOT NULL,
    epoch        BIGINT NOT NULL,
    how          TEXT NOT NULL
);
CREATE INDEX cluster_takeovers_at_idx ON cluster_takeovers (at);

-- Definitions changed (created, updated, paused, resumed, deleted), written in the same transaction
-- as the change by whichever node made it, so that the owner of the job's partition learns of it
-- and fires by the new definition. No foreign key: a deleted job's change must outlive the job.
CREATE TABLE job_changes (
    id     BIGSERIAL PRIMARY KEY,
    job_id BIGINT NOT NULL,
    kind   TEXT NOT NULL,
    at     BIGINT NOT NULL,
    node   TEXT
);
CREATE INDEX job_changes_at_idx ON job_changes (at);
