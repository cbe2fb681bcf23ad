package dev.vigil.store.sql;

import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.store.RunStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Runs. "Open" means {@code running}; the partial indexes on that state keep the lookups small. */
final class SqlRunStore implements RunStore {
    private static final String COLUMNS = "id, job_id, rid, trigger, scheduled_for, attempt, state,"
            + " started_at, ended_at, exit_code, reason, output, agent";
    private static final String OPEN = " WHERE job_id = ? AND state = 'running'";
    private final Sql sql;

    SqlRunStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Run insert(Run r) {
        // Only the id comes back: re-reading every column cost a third of the writer's time per ping.
        long id = sql.insert("INSERT INTO runs (job_id, rid, trigger, scheduled_for, attempt, state, started_at,"
                        + " ended_at, exit_code, reason, output, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " RETURNING id",
                r.jobId(), r.rid(), r.trigger().wire(), r.scheduledFor(), r.attempt(), r.state().wire(),
                r.startedAt(), r.endedAt(), r.exitCode(), r.reason(), r.output(), r.agent()).orElseThrow();
        return new Run(id, r.jobId(), r.rid(), r.trigger(), millis(r.scheduledFor()), r.attempt(), r.state(),
                millis(r.startedAt()), millis(r.endedAt()), r.exitCode(), r.reason(), r.output(), r.agent());
    }

    /** What the store keeps of an instant, so the returned run equals the stored one. */
    private static java.time.Instant millis(java.time.Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @Override
    public Optional<Run> insertScheduled(Run r) {
        if (r.scheduledFor() == null) throw new IllegalArgumentException("a scheduled run needs scheduledFor (indicates a bug)");
        return sql.insert("INSERT INTO runs (job_id, rid, trigger, scheduled_for, attempt, state, started_at,"
                        + " ended_at, exit_code, reason, output, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING RETURNING id",
                r.jobId(), r.rid(), r.trigger().wire(), r.scheduledFor(), r.attempt(), r.state().wire(),
                r.startedAt(), r.endedAt(), r.exitCode(), r.reason(), r.output(), r.agent())
                .map(id -> new Run(id, r.jobId(), r.rid(), r.trigger(), millis(r.scheduledFor()), r.attempt(), r.state(),
                        millis(r.startedAt()), millis(r.endedAt()), r.exitCode(), r.reason(), r.output(), r.agent()));
    }

    @Override
    public List<Queued> queued(java.time.Instant until, int limit) {
        return sql.list("SELECT " + COLUMNS + ", not_before FROM runs WHERE state = 'queued'"
                + " AND (not_before IS NULL OR not_before <= ?) ORDER BY id LIMIT ?",
                rs -> new Queued(map(rs), Rows.instant(rs, "not_before")), until, Paging.limit(limit));
    }

    @Override
    public Optional<java.time.Instant> nextNotBefore(java.time.Instant now) {
        return sql.one("SELECT MIN(not_before) AS next FROM runs WHERE state = 'queued' AND not_before > ?",
                rs -> Rows.instant(rs, "next"), now).filter(java.util.Objects::nonNull);
    }

    @Override
    public void setDispatch(long runId, java.util.Map<String, String> params, java.time.Instant notBefore) {
        sql.update("UPDATE runs SET params = ?, not_before = ? WHERE id = ?",
                ExecutionJson.writeMap(params), notBefore, runId);
    }

    @Override
    public java.util.Map<String, String> params(long runId) {
        return sql.one("SELECT params FROM runs WHERE id = ?", rs -> rs.getString(1), runId)
                .map(ExecutionJson::readMap).orElse(java.util.Map.of());
    }

    @Override
    public boolean transition(long id, RunState from, RunState to, String agent) {
        from.transitionTo(to);
        return sql.update("UPDATE runs SET state = ?, agent = ? WHERE id = ? AND state = ?",
                to.wire(), agent, id, from.wire()) == 1;
    }

    private static final String CLAIM_HEAD = "UPDATE runs SET state = 'dispatched', agent = ?, stop_requested_at = NULL"
            + " WHERE state = 'queued'";

    @Override
    public boolean claim(long id, String agent, boolean exclusive) {
        return claimAll(List.of(new Claim(id, jobOf(id), exclusive)), agent)[0];
    }

    private long jobOf(long runId) {
        return sql.one("SELECT job_id FROM runs WHERE id = ?", rs -> rs.getLong(1), runId).orElse(0L);
    }

    @Override
    public boolean[] claimAll(List<Claim> claims, String agent) {
        // Runs of one job share its overlap rule. Claims of an exclusive job go in waves, the k-th
        // claim of each job in the k-th statement: a statement sees the earlier statements' claims,
        // not those of its own rows.
        List<Long> allowed = new java.util.ArrayList<>();
        List<List<Claim>> waves = new java.util.ArrayList<>();
        java.util.Map<Long, Integer> perJob = new java.util.HashMap<>();
        for (Claim c : claims) {
            if (!c.exclusive()) {
                allowed.add(c.runId());
                continue;
            }
            int wave = perJob.merge(c.jobId(), 1, Integer::sum) - 1;
            if (wave == waves.size()) waves.add(new java.util.ArrayList<>());
            waves.get(wave).add(c);
        }
        java.util.Set<Long> won = new java.util.HashSet<>();
        if (!allowed.isEmpty()) {
            won.addAll(sql.listIn(CLAIM_HEAD + " AND id IN ", new Object[] {agent}, allowed, " RETURNING id", rs -> rs.getLong(1)));
        }
        for (List<Claim> wave : waves) {
            // "No run of the job is busy", asked once for the wave's jobs (one run per job in a wave)
            // rather than once per row: with statistics taken while few runs were busy, a per-row
            // plan scanned every busy run.
            for (int from = 0; from < wave.size(); from += EXCLUSIVE_CHUNK) {
                List<Claim> part = wave.subList(from, Math.min(wave.size(), from + EXCLUSIVE_CHUNK));
                String marks = String.join(", ", java.util.Collections.nCopies(part.size(), "?"));
                Object[] before = new Object[1 + part.size()];
                before[0] = agent;
                for (int i = 0; i < part.size(); i++) before[1 + i] = part.get(i).jobId();
                won.addAll(sql.listIn(CLAIM_HEAD + " AND job_id NOT IN (SELECT busy.job_id FROM runs busy WHERE busy.job_id IN ("
                                + marks + ") AND busy.state IN ('dispatched', 'running')) AND id IN ", before,
                        part.stream().map(Claim::runId).toList(), " RETURNING id", rs -> rs.getLong(1)));
            }
        }
        boolean[] out = new boolean[claims.size()];
        for (int i = 0; i < out.length; i++) out[i] = won.contains(claims.get(i).runId());
        return out;
    }

    /** Exclusive claims per statement: their jobs and runs both go in as parameters. */
    private static final int EXCLUSIVE_CHUNK = 400;

    @Override
    public java.util.Map<Long, java.util.Map<String, String>> paramsOf(java.util.Collection<Long> runIds) {
        java.util.Map<Long, java.util.Map<String, String>> out = new java.util.HashMap<>();
        sql.listIn("SELECT id, params FROM runs WHERE params IS NOT NULL AND id IN ", runIds, "",
                rs -> out.put(rs.getLong(1), ExecutionJson.readMap(rs.getString(2))));
        return out;
    }

    @Override
    public java.util.Map<RunState, Long> activeCounts() {
        java.util.Map<RunState, Long> out = new java.util.EnumMap<>(RunState.class);
        for (RunState st : List.of(RunState.QUEUED, RunState.DISPATCHED, RunState.RUNNING)) out.put(st, 0L);
        sql.stream("SELECT state, COUNT(*) AS n FROM runs WHERE state IN ('queued', 'dispatched', 'running') GROUP BY state",
                rs -> out.put(RunState.fromWire(rs.getString("state")), rs.getLong("n")));
        return out;
    }

    @Override
    public List<Run> heldBy(String agent) {
        return sql.list("SELECT " + COLUMNS + " FROM runs WHERE agent = ? AND state IN ('dispatched', 'running') ORDER BY id",
                SqlRunStore::map, agent);
    }

    @Override
    public void requestStop(long id, java.time.Instant at) {
        sql.update("UPDATE runs SET stop_requested_at = ? WHERE id = ? AND stop_requested_at IS NULL", at, id);
    }

    @Override
    public java.util.Set<Long> stopRequested(String agent) {
        return new java.util.HashSet<>(sql.list("SELECT id FROM runs WHERE agent = ? AND state IN ('dispatched', 'running')"
                + " AND stop_requested_at IS NOT NULL", rs -> rs.getLong(1), agent));
    }

    @Override
    public List<Run> inState(RunState state, Long projectId, int limit) {
        return projectId == null
                ? sql.list("SELECT " + COLUMNS + " FROM runs WHERE state = ? ORDER BY id LIMIT ?",
                        SqlRunStore::map, state.wire(), Paging.limit(limit))
                : sql.list("SELECT " + COLUMNS + " FROM runs WHERE state = ? AND job_id IN"
                        + " (SELECT id FROM jobs WHERE project_id = ?) ORDER BY id LIMIT ?",
                        SqlRunStore::map, state.wire(), projectId, Paging.limit(limit));
    }

    @Override
    public java.util.Map<Long, List<Run>> activeOf(java.util.Collection<Long> jobIds) {
        java.util.Map<Long, List<Run>> out = new java.util.HashMap<>();
        for (Run r : sql.listIn("SELECT " + COLUMNS + " FROM runs WHERE job_id IN ", jobIds,
                " AND state IN ('queued', 'dispatched', 'running') ORDER BY id", SqlRunStore::map)) {
            out.computeIfAbsent(r.jobId(), j -> new java.util.ArrayList<>()).add(r);
        }
        return out;
    }

    @Override
    public void insertScheduledLater(Run r, java.time.Instant notBefore) {
        if (r.scheduledFor() == null) throw new IllegalArgumentException("a scheduled run needs scheduledFor (indicates a bug)");
        sql.later("INSERT INTO runs (job_id, rid, trigger, scheduled_for, attempt, state, started_at,"
                        + " ended_at, exit_code, reason, output, agent, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                r.jobId(), r.rid(), r.trigger().wire(), r.scheduledFor(), r.attempt(), r.state().wire(),
                r.startedAt(), r.endedAt(), r.exitCode(), r.reason(), r.output(), r.agent(), notBefore);
    }

    @Override
    public List<Run> active(long jobId) {
        return sql.list("SELECT " + COLUMNS + " FROM runs WHERE job_id = ? AND state IN ('queued', 'dispatched', 'running')"
                + " ORDER BY id", SqlRunStore::map, jobId);
    }

    @Override
    public java.util.Map<Long, java.time.Instant> lastScheduledForAll() {
        java.util.Map<Long, java.time.Instant> out = new java.util.HashMap<>();
        sql.stream("SELECT job_id, MAX(scheduled_for) AS last FROM runs WHERE scheduled_for IS NOT NULL GROUP BY job_id",
                rs -> out.put(rs.getLong("job_id"), Rows.instant(rs, "last")));
        return out;
    }

    @Override
    public Optional<java.time.Instant> lastScheduledFor(long jobId) {
        return sql.one("SELECT MAX(scheduled_for) AS last FROM runs WHERE job_id = ? AND scheduled_for IS NOT NULL",
                rs -> Rows.instant(rs, "last"), jobId);
    }

    @Override
    public void update(Run r) {
        sql.laterReplacing(r.id(), "no run with id " + r.id(), "UPDATE runs SET rid = ?, trigger = ?, scheduled_for = ?,"
                        + " attempt = ?, state = ?, started_at = ?, ended_at = ?, exit_code = ?, reason = ?, output = ?,"
                        + " agent = ? WHERE id = ?",
                r.rid(), r.trigger().wire(), r.scheduledFor(), r.attempt(), r.state().wire(), r.startedAt(),
                r.endedAt(), r.exitCode(), r.reason(), r.output(), r.agent(), r.id());
    }

    @Override
    public java.util.Map<Long, Long> jobIdsOf(java.util.Collection<Long> runIds) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        sql.listIn("SELECT id, job_id FROM runs WHERE id IN ", runIds, "", rs -> out.put(rs.getLong(1), rs.getLong(2)));
        return out;
    }

    @Override
    public java.util.Map<Long, Holding> holdings(java.util.Collection<Long> runIds) {
        java.util.Map<Long, Holding> out = new java.util.HashMap<>();
        sql.listIn("SELECT r.id, r.agent, j.project_id FROM runs r JOIN jobs j ON j.id = r.job_id WHERE r.id IN ", runIds, "",
                rs -> out.put(rs.getLong(1), new Holding(rs.getLong(1), rs.getString(2), rs.getLong(3))));
        return out;
    }

    @Override
    public List<Run> byIds(java.util.Collection<Long> ids) {
        return sql.listIn("SELECT " + COLUMNS + " FROM runs WHERE id IN ", ids, "", SqlRunStore::map);
    }

    @Override
    public Optional<Run> byId(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM runs WHERE id = ?", SqlRunStore::map, id);
    }

    @Override
    public Optional<Run> openByRid(long jobId, String rid) {
        return sql.one("SELECT " + COLUMNS + " FROM runs" + OPEN + " AND rid = ? ORDER BY id DESC LIMIT 1",
                SqlRunStore::map, jobId, rid);
    }

    @Override
    public Optional<Run> latestOpen(long jobId) {
        return sql.one("SELECT " + COLUMNS + " FROM runs" + OPEN + " ORDER BY started_at DESC, id DESC LIMIT 1",
                SqlRunStore::map, jobId);
    }

    @Override
    public java.util.Map<Long, List<Run>> openOf(java.util.Collection<Long> jobIds) {
        java.util.Map<Long, List<Run>> out = new java.util.HashMap<>();
        for (Run r : sql.listIn("SELECT " + COLUMNS + " FROM runs WHERE state = 'running' AND job_id IN ", jobIds,
                " ORDER BY started_at, id", SqlRunStore::map)) {
            out.computeIfAbsent(r.jobId(), j -> new java.util.ArrayList<>()).add(r);
        }
        return out;
    }

    @Override
    public List<Run> open(long jobId) {
        return sql.list("SELECT " + COLUMNS + " FROM runs" + OPEN + " ORDER BY started_at, id",
                SqlRunStore::map, jobId);
    }

    @Override
    public List<Run> byJob(long jobId, Long beforeId, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM runs WHERE job_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                SqlRunStore::map, jobId, Paging.before(beforeId), Paging.limit(limit));
    }

    private static Run map(ResultSet rs) throws SQLException {
        return new Run(rs.getLong("id"), rs.getLong("job_id"), rs.getString("rid"),
                Trigger.fromWire(rs.getString("trigger")), Rows.instant(rs, "scheduled_for"), rs.getInt("attempt"),
                RunState.fromWire(rs.getString("state")), Rows.instant(rs, "started_at"),
                Rows.instant(rs, "ended_at"), Rows.integer(rs, "exit_code"), rs.getString("reason"),
                rs.getString("output"), rs.getString("agent"));
    }
}
