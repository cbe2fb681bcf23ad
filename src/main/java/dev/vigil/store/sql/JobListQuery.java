package dev.vigil.store.sql;

import dev.vigil.domain.JobState;
import dev.vigil.store.JobStore.Filter;
import dev.vigil.store.JobStore.JobWithState;
import dev.vigil.store.JobStore.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link dev.vigil.store.JobStore#list}: jobs with their state in one query, filtered by the set
 * fields of the filter, in (project slug, job slug) order with keyset paging. A job without a state
 * row is listed, and filtered, as {@link JobState#initial} at its creation.
 */
final class JobListQuery {
    private JobListQuery() {}

    static List<JobWithState> run(Sql sql, Filter f) {
        StringBuilder q = new StringBuilder("SELECT ").append(JobRows.COLUMNS).append(", ").append(StateRows.COLUMNS)
                .append(JobRows.FROM).append(" LEFT JOIN job_state s ON s.job_id = j.id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.projectId() != null) {
            q.append(" AND j.project_id = ?");
            args.add(f.projectId());
        }
        if (f.tag() != null) {
            q.append(" AND EXISTS (SELECT 1 FROM job_tags t WHERE t.job_id = j.id AND t.tag = ?)");
            args.add(f.tag());
        }
        if (f.status() != null) {
            q.append(" AND COALESCE(s.status, 'new') = ?");
            args.add(f.status().wire());
        }
        if (f.health() != null) {
            q.append(" AND COALESCE(s.health, 'healthy') = ?");
            args.add(f.health().wire());
        }
        if (f.afterKey() != null) {
            // Compare as a pair, not as the string "project/slug": '-' sorts before '/'.
            int slash = f.afterKey().indexOf('/');
            q.append(" AND (p.slug > ? OR (p.slug = ? AND j.slug > ?))");
            String project = slash < 0 ? f.afterKey() : f.afterKey().substring(0, slash);
            String slug = slash < 0 ? "" : f.afterKey().substring(slash + 1);
            args.add(project);
            args.add(project);
            args.add(slug);
        }
        q.append(" ORDER BY p.slug, j.slug LIMIT ?");
        args.add(Paging.limit(f.limit()));
        return sql.list(q.toString(), rs -> {
            var job = JobRows.map(rs);
            JobState state = StateRows.map(rs, JobRows.COUNT);
            return new JobWithState(job, state != null ? state : JobState.initial(job.id(), job.createdAt()));
        }, args.toArray());
    }

    private static final String SUMMARY_COLUMNS = "j.id, j.slug, j.name, j.owner, j.tags, j.execution IS NOT NULL AS managed, j.created_at";
    private static final int SUMMARY_COUNT = 7;
    static final String SUMMARIES = "SELECT " + SUMMARY_COLUMNS + ", " + StateRows.COLUMNS
            + " FROM jobs j LEFT JOIN job_state s ON s.job_id = j.id WHERE j.project_id = ? ORDER BY j.slug";

    /** {@link dev.vigil.store.JobStore#summaries}: columns read by position, no definition parsed but the tags. */
    static List<Summary> summaries(Sql sql, long projectId) {
        return sql.list(SUMMARIES, rs -> {
            long id = rs.getLong(1);
            JobState state = StateRows.map(rs, SUMMARY_COUNT);
            return new Summary(id, rs.getString(2), rs.getString(3), rs.getString(4), Tags.fromJson(rs.getString(5)),
                    rs.getBoolean(6), state != null ? state : JobState.initial(id, Rows.instant(rs, 7)));
        }, projectId);
    }
}
