-- Managed runs' output, in the chunks agents send: seq numbers them per run, and a chunk delivered
-- again is stored once. bytes is the UTF-8 size of text. Chunks go with their run (the primary key
-- serves the cascade), and so with their job.
CREATE TABLE run_logs (
    run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq    BIGINT NOT NULL,
    at     BIGINT NOT NULL,
    bytes  INTEGER NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- The running total of run_logs.bytes per run, so that the limit check before each append reads
-- one row instead of summing the run's chunks. Also the list of runs that have output, from which
-- the retention sweep starts.
CREATE TABLE run_log_sizes (
    run_id BIGINT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    bytes  BIGINT NOT NULL
);
