-- Managed jobs: how Vigil runs a job, as a JSON object (null for jobs that are only watched).
ALTER TABLE jobs ADD COLUMN execution TEXT;
