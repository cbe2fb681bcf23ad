package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static dev.vigil.store.TestJobs.aJob;
import static dev.vigil.store.TestJobs.anEveryJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Execution;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Definitions: insert and lookups. Changes are in {@link JobChangeContract}, listing in {@link JobListContract}. */
public abstract class JobStoreContract extends StoreContract {
    private Project prod;

    @BeforeEach
    void aProject() {
        prod = project("prod");
    }

    @Test
    void a_cron_job_round_trips_with_every_field() {
        Job job = aCronJob("nightly").in(prod).cron("30 2 * * *", "Europe/London").name("Nightly backup")
                .description("dumps the db").owner("team-data").tags("backup", "db")
                .grace(Duration.ofMinutes(5)).maxRuntime(Duration.ofHours(2)).minRuntime(Duration.ofSeconds(30))
                .health(new HealthPolicy(3, Duration.ofHours(12), 2))
                .createdAt(T0).updatedAt(T0.plusMillis(1)).build();

        Job stored = db.write(tx -> tx.jobs().insert(job));

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(job.withIdentity(stored.id(), job.uuid(), prod.id(), T0, T0.plusMillis(1)));
        assertThat(db.read((Tx tx) -> tx.jobs().byId(stored.id()))).contains(stored);
    }

    @Test
    void managed_job_executions_round_trip_for_every_target() {
        var argv = new Execution(new Execution.Argv(java.util.List.of("/bin/echo", "hi")), "/srv", java.util.Map.of("A", "1"),
                Duration.ofMinutes(5), 3, Duration.ofSeconds(10), Execution.Overlap.REPLACE, Execution.CatchUp.ALL,
                Duration.ofHours(2), java.util.List.of("linux"), java.util.List.of("extract"), java.util.Map.of("DAY", "mon"));
        var shell = new Execution(new Execution.Shell("echo $DAY"), null, null, null, 0, null, null, null, null, null, null, null);
        var http = new Execution(new Execution.Http("POST", "https://example.org/x", java.util.Map.of("X-Token", "t"), "{}"),
                null, null, null, 0, null, null, null, null, null, null, null);
        for (var e : java.util.List.of(argv, shell, http)) {
            Job stored = insert(aJob("m-" + e.target().getClass().getSimpleName().toLowerCase()).in(prod).execution(e));
            assertThat(db.read(tx -> tx.jobs().byId(stored.id())).orElseThrow().execution()).isEqualTo(e);
        }
    }

    @Test
    void an_every_job_round_trips() {
        Job stored = insert(anEveryJob("heartbeat", Duration.ofSeconds(30)).in(prod));

        assertThat(db.read((Tx tx) -> tx.jobs().byId(stored.id()))).map(Job::schedule)
                .contains(anEveryJob("x", Duration.ofSeconds(30)).build().schedule());
    }

    @Test
    void a_job_without_schedule_round_trips_with_unset_optional_fields() {
        Job stored = insert(aJob("on-demand").in(prod).name(null).updatedAt(null));

        Job read = db.read(tx -> tx.jobs().byId(stored.id())).orElseThrow();
        assertThat(read).isEqualTo(stored);
        assertThat(read.schedule()).isEqualTo(aJob("x").build().schedule());
        assertThat(read.grace()).isNull();
        assertThat(read.maxRuntime()).isNull();
        assertThat(read.updatedAt()).isNull();
        assertThat(read.tags()).isEmpty();
    }

    @Test
    void reading_a_job_fills_in_its_project_slug() {
        Job stored = db.write(tx -> tx.jobs().insert(aCronJob("nightly").in(prod).build()));

        assertThat(stored.project()).isEqualTo("prod");
        assertThat(db.read(tx -> tx.jobs().bySlug(prod.id(), "nightly")).orElseThrow().key()).isEqualTo("prod/nightly");
    }

    @Test
    void a_job_is_found_by_uuid_and_by_slug() {
        Job stored = insert(aCronJob("nightly").in(prod));

        assertThat(db.read((Tx tx) -> tx.jobs().byUuid(stored.uuid()))).contains(stored);
        assertThat(db.read((Tx tx) -> tx.jobs().bySlug(prod.id(), "nightly"))).contains(stored);
        assertThat(db.read((Tx tx) -> tx.jobs().bySlug(prod.id(), "other"))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.jobs().byUuid(java.util.UUID.randomUUID()))).isEmpty();
    }

    @Test
    void instants_are_kept_to_the_millisecond() {
        Instant fine = Instant.parse("2026-03-01T12:00:00.123999Z");

        Job stored = insert(aJob("x").in(prod).createdAt(fine));

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @Test
    void duplicate_slug_in_a_project_is_a_conflict_naming_both() {
        insert(aCronJob("nightly").in(prod));

        assertThatThrownBy(() -> insert(aCronJob("nightly").in(prod)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("a job with slug 'nightly' already exists in project 'prod'");
    }

    @Test
    void the_same_slug_in_another_project_is_fine() {
        insert(aCronJob("nightly").in(prod));
        Project dev = project("dev");

        Job other = insert(aCronJob("nightly").in(dev));

        assertThat(other.project()).isEqualTo("dev");
    }

    @Test
    void duplicate_uuid_is_a_conflict() {
        Job first = insert(aCronJob("a").in(prod));

        assertThatThrownBy(() -> insert(aCronJob("b").in(prod).uuid(first.uuid())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("uuid");
    }

    @Test
    void a_job_in_an_unknown_project_is_not_found() {
        assertThatThrownBy(() -> db.write(tx -> tx.jobs().insert(aJob("x").build())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void count_counts_all_jobs() {
        insert(aJob("a").in(prod));
        insert(aJob("b").in(project("dev")));

        assertThat(db.read((Tx tx) -> tx.jobs().count())).isEqualTo(2);
    }
}
