-- The incident loop (alert/IncidentLoop): the writer only records a flip; incidents, routing, holds,
-- flapping and notifications are decided afterwards by a loop that claims waiting flips in id order.
-- A flip waits while handled_at is NULL; the loop sets handled_at in the same transaction as the
-- incident changes it causes, and only if no earlier flip of the same job still waits, so each flip
-- is handled once and a job's flips in order. A flip whose handling fails is tried again at retry_at
-- (attempts, error); after too many attempts it is given up: handled_at set, error kept.
-- last_output is the run's output the alert quotes; it is cleared once the flip is handled.
ALTER TABLE flips ADD COLUMN last_output TEXT;
ALTER TABLE flips ADD COLUMN handled_at INTEGER;
ALTER TABLE flips ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flips ADD COLUMN retry_at INTEGER;
ALTER TABLE flips ADD COLUMN error TEXT;
-- Flips recorded before this version were decided by the writer as it recorded them: none waits.
UPDATE flips SET handled_at = at;
CREATE INDEX flips_waiting_idx ON flips (id) WHERE handled_at IS NULL;
CREATE INDEX flips_waiting_job_idx ON flips (job_id, id) WHERE handled_at IS NULL;
