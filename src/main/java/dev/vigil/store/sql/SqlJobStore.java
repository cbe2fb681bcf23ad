package dev.vigil.store.sql;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.store.JobStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

final class SqlJobStore implements JobStore {
    private static final String SELECT = "SELECT " + JobRows.COLUMNS + JobRows.FROM;
    private final Sql sql;

    SqlJobStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Job insert(Job job) {
        String project = sql.one("SELECT slug FROM projects WHERE id = ?", rs -> rs.getString(1), job.projectId())
                .orElseThrow(() -> new NotFoundException("no project with id " + job.projectId()));
        List<Object> args = new ArrayList<>(List.of(job.uuid(), job.projectId(), job.createdAt()));
        args.addAll(Arrays.asList(JobRows.definition(job)));
        // DO NOTHING rather than catching the violation: on PostgreSQL that would abort the transaction.
        long id = sql.insert("INSERT INTO jobs (uuid, project_id, created_at, " + JobRows.DEFINITION + ")"
                        + " VALUES (" + "?, ".repeat(args.size() - 1) + "?)"
                        + " ON CONFLICT DO NOTHING RETURNING id", args.toArray())
                .orElseThrow(() -> conflict(job, project));
        writeTags(id, job.tags());
        return byId(id).orElseThrow();
    }

    @Override
    public void update(Job job) {
        Job old = byId(job.id()).orElseThrow(() -> new NotFoundException("no job with id " + job.id()));
        if (!old.slug().equals(job.slug()) && bySlug(old.projectId(), job.slug()).isPresent()) {
            throw conflict(job, old.project());
        }
        List<Object> args = new ArrayList<>(Arrays.asList(JobRows.definition(job)));
        args.add(job.id());
        // uuid, project and createdAt are the job's identity: never rewritten.
        sql.update("UPDATE jobs SET " + JobRows.DEFINITION.replace(",", " = ?,") + " = ? WHERE id = ?",
                args.toArray());
        sql.update("DELETE FROM job_tags WHERE job_id = ?", job.id());
        writeTags(job.id(), job.tags());
    }

    @Override
    public boolean delete(long id) {
        return sql.update("DELETE FROM jobs WHERE id = ?", id) > 0;
    }

    @Override
    public Optional<Job> byId(long id) {
        return sql.one(SELECT + " WHERE j.id = ?", JobRows::map, id);
    }

    @Override
    public java.util.Map<Long, Job> byIds(java.util.Collection<Long> ids) {
        java.util.Map<Long, Job> out = new java.util.HashMap<>();
        for (Job j : sql.listIn(SELECT + " WHERE j.id IN ", ids, "", JobRows::map)) out.put(j.id(), j);
        return out;
    }

    @Override
    public java.util.Map<Long, java.time.Instant> versions(java.util.Collection<Long> ids) {
        java.util.Map<Long, java.time.Instant> out = new java.util.HashMap<>();
        sql.listIn("SELECT id, COALESCE(updated_at, created_at) FROM jobs WHERE id IN ", ids, "",
                rs -> out.put(rs.getLong(1), Rows.instant(rs, 2)));
        return out;
    }

    @Override
    public Optional<Job> byUuid(UUID uuid) {
        return sql.one(SELECT + " WHERE j.uuid = ?", JobRows::map, uuid);
    }

    @Override
    public Optional<Job> bySlug(long projectId, String slug) {
        return sql.one(SELECT + " WHERE j.project_id = ? AND j.slug = ?", JobRows::map, projectId, slug);
    }

    @Override
    public List<JobWithState> list(Filter filter) {
        return JobListQuery.run(sql, filter);
    }

    @Override
    public List<Summary> summaries(long projectId) {
        return JobListQuery.summaries(sql, projectId);
    }

    @Override
    public long count() {
        return sql.one("SELECT COUNT(*) FROM jobs", rs -> rs.getLong(1)).orElseThrow();
    }

    @Override
    public long countIn(long projectId) {
        return sql.one("SELECT COUNT(*) FROM jobs WHERE project_id = ?", rs -> rs.getLong(1), projectId).orElseThrow();
    }

    private void writeTags(long jobId, List<String> tags) {
        for (String tag : new LinkedHashSet<>(tags)) {
            sql.update("INSERT INTO job_tags (job_id, tag) VALUES (?, ?)", jobId, tag);
        }
    }

    private ConflictException conflict(Job job, String project) {
        return bySlug(job.projectId(), job.slug()).isPresent()
                ? new ConflictException("a job with slug '" + job.slug() + "' already exists in project '" + project + "'")
                : new ConflictException("a job with uuid " + job.uuid() + " already exists");
    }
}
