-- Exactly one run per (job, fire time, attempt): enforced by the database, through crashes,
-- restarts and concurrent servers (PRODUCT.md §5).
CREATE UNIQUE INDEX runs_fire_uq ON runs (job_id, scheduled_for, attempt) WHERE scheduled_for IS NOT NULL;
-- Runs waiting for an agent, and runs not yet finished, by job: the scheduler's overlap checks.
CREATE INDEX runs_active_idx ON runs (job_id, state) WHERE state IN ('queued', 'dispatched', 'running');
