package dev.vigil.store;

import dev.vigil.domain.Execution;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Job definitions for tests: {@code TestJobs.aCronJob("nightly").cron("30 2 * * *", "Europe/London")
 * .in(project).build()}. Defaults are valid and at millisecond precision, so they survive storage
 * unchanged; a job needs {@link Builder#in} before it can be stored.
 */
public final class TestJobs {
    /** The creation time of every built job unless set. */
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00.000Z");

    private TestJobs() {}

    public static Builder aCronJob(String slug) {
        return new Builder(slug).cron("*/5 * * * *", "UTC");
    }

    public static Builder anEveryJob(String slug, Duration interval) {
        return new Builder(slug).every(interval);
    }

    /** A job with no schedule: on demand or triggered elsewhere. */
    public static Builder aJob(String slug) {
        return new Builder(slug);
    }

    public static final class Builder {
        private long id;
        private UUID uuid = UUID.randomUUID();
        private long projectId;
        private String project;
        private String slug;
        private String name;
        private String description;
        private String owner;
        private List<String> tags = List.of();
        private Schedule schedule = Schedule.none();
        private Duration grace;
        private Duration maxRuntime;
        private Duration minRuntime;
        private HealthPolicy health = HealthPolicy.DEFAULT;
        private Instant createdAt = CREATED;
        private Instant updatedAt = CREATED;
        private Execution execution;
        private List<String> dependsOn = List.of();

        private Builder(String slug) {
            this.slug = slug;
            this.name = slug;
        }

        /** Starts from an existing job, e.g. to build an update of it. */
        public static Builder from(Job j) {
            Builder b = new Builder(j.slug());
            b.id = j.id(); b.uuid = j.uuid(); b.projectId = j.projectId(); b.project = j.project();
            b.name = j.name(); b.description = j.description(); b.owner = j.owner(); b.tags = j.tags();
            b.schedule = j.schedule(); b.grace = j.grace(); b.maxRuntime = j.maxRuntime();
            b.minRuntime = j.minRuntime(); b.health = j.health(); b.createdAt = j.createdAt();
            b.updatedAt = j.updatedAt(); b.execution = j.execution();
            return b;
        }

        public Builder execution(Execution e) { execution = e; return this; }
        public Builder dependsOn(String... upstreams) { dependsOn = List.of(upstreams); return this; }
        public Builder in(Project p) { projectId = p.id(); project = p.slug(); return this; }
        public Builder cron(String expression, String zone) { schedule = new Schedule.Cron(expression, ZoneId.of(zone)); return this; }
        public Builder every(Duration interval) { schedule = new Schedule.Every(interval); return this; }
        public Builder noSchedule() { schedule = Schedule.none(); return this; }
        public Builder slug(String s) { slug = s; return this; }
        public Builder uuid(UUID u) { uuid = u; return this; }
        public Builder name(String n) { name = n; return this; }
        public Builder description(String d) { description = d; return this; }
        public Builder owner(String o) { owner = o; return this; }
        public Builder tags(String... t) { tags = List.of(t); return this; }
        public Builder grace(Duration d) { grace = d; return this; }
        public Builder maxRuntime(Duration d) { maxRuntime = d; return this; }
        public Builder minRuntime(Duration d) { minRuntime = d; return this; }
        public Builder health(HealthPolicy h) { health = h; return this; }
        public Builder createdAt(Instant t) { createdAt = t; return this; }
        public Builder updatedAt(Instant t) { updatedAt = t; return this; }

        public Job build() {
            return new Job(id, uuid, projectId, project, slug, name, description, owner, tags, schedule,
                    grace, maxRuntime, minRuntime, health, createdAt, updatedAt, execution, dependsOn);
        }
    }
}
