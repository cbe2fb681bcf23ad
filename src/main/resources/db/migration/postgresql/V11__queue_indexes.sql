-- Flips waiting for a retry, by job: the incident loop asks which jobs have one on every pass (their
-- later flips wait). Few rows are ever in it, so the answer costs nothing however long the history
-- of flips and however many flips of a storm wait.
CREATE INDEX flips_retrying_idx ON flips (job_id, id) WHERE handled_at IS NULL AND retry_at IS NOT NULL;

-- Before sending a notification, delivery asks for an earlier one of the same incident to the same
-- channel still pending. With statistics taken while the outbox was nearly empty, PostgreSQL combined
-- the incident index with the channel index, reading every notification of the channel: ten times
-- the cost during an incident storm. One index that answers the whole question leaves no such plan.
DROP INDEX outbox_incident_idx;
CREATE INDEX outbox_incident_idx ON outbox (incident_id, channel_id, id);
