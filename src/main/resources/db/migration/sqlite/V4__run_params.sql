-- Per-run parameter values (JSON object; overrides of the job's params) and the earliest time an
-- agent may take the run (retry back-off).
ALTER TABLE runs ADD COLUMN params TEXT;
ALTER TABLE runs ADD COLUMN not_before INTEGER;
