-- Agents as the server last heard of them: every poll is a registration and a heartbeat.
CREATE TABLE agents (
    name          TEXT PRIMARY KEY,
    instance      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    labels        TEXT NOT NULL,
    capacity      INTEGER NOT NULL,
    state         TEXT NOT NULL,
    version       TEXT,
    registered_at BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX agents_live_idx ON agents (last_seen_at) WHERE state IN ('connected', 'draining');

-- A cancel (or a replace) of a run an agent holds: the agent learns it on its next poll.
ALTER TABLE runs ADD COLUMN stop_requested_at BIGINT;
-- What each agent holds: its polls reconcile against this.
CREATE INDEX runs_agent_idx ON runs (agent) WHERE state IN ('dispatched', 'running');
