package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Health;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.JobStore.Filter;
import dev.vigil.store.JobStore.JobWithState;
import dev.vigil.store.JobStore.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JobStore#list}: the join with state, filters, order and paging; {@link JobStore#summaries}. */
public abstract class JobListContract extends StoreContract {

    private List<String> keys(Filter filter) {
        return db.read(tx -> tx.jobs().list(filter)).stream().map(j -> j.job().key()).toList();
    }

    private static Filter all() {
        return Filter.all();
    }

    private void state(Job job, Status status, Health health) {
        db.write(tx -> {
            JobState.Builder s = JobState.initial(job.id(), T0).toBuilder();
            s.status = status;
            s.health = health;
            tx.states().put(s.build());
            return null;
        });
    }

    @Test
    void a_job_without_state_is_listed_as_new_since_its_creation() {
        Job job = insert(aCronJob("nightly").in(project("prod")));

        List<JobWithState> listed = db.read(tx -> tx.jobs().list(all()));

        assertThat(listed).containsExactly(new JobWithState(job, JobState.initial(job.id(), job.createdAt())));
    }

    @Test
    void a_job_is_listed_with_its_state() {
        Job job = insert(aCronJob("nightly").in(project("prod")));
        state(job, Status.FAILED, Health.UNHEALTHY);

        JobWithState listed = db.read(tx -> tx.jobs().list(all())).getFirst();

        assertThat(listed.state().status()).isEqualTo(Status.FAILED);
        assertThat(listed.state().health()).isEqualTo(Health.UNHEALTHY);
    }

    @Test
    void jobs_are_ordered_by_project_then_slug_bytewise() {
        Project ab = project("a-b");
        Project a = project("a");
        for (String slug : List.of("x1", "x-1", "x")) {
            insert(aCronJob(slug).in(ab));
            insert(aCronJob(slug).in(a));
        }

        assertThat(keys(all())).containsExactly("a/x", "a/x-1", "a/x1", "a-b/x", "a-b/x-1", "a-b/x1");
    }

    @Test
    void paging_after_a_key_continues_where_the_last_page_ended() {
        Project ab = project("a-b");
        Project a = project("a");
        for (String slug : List.of("x1", "x-1", "x")) {
            insert(aCronJob(slug).in(ab));
            insert(aCronJob(slug).in(a));
        }

        List<String> first = keys(new Filter(null, null, null, null, null, 4));
        List<String> second = keys(new Filter(null, null, null, null, first.getLast(), 4));

        assertThat(first).containsExactly("a/x", "a/x-1", "a/x1", "a-b/x");
        assertThat(second).containsExactly("a-b/x-1", "a-b/x1");
        assertThat(keys(new Filter(null, null, null, null, "a-b/x1", 4))).isEmpty();
    }

    @Test
    void filters_by_project() {
        Project prod = project("prod");
        insert(aCronJob("a").in(prod));
        insert(aCronJob("b").in(project("dev")));

        assertThat(keys(new Filter(prod.id(), null, null, null, null, 100))).containsExactly("prod/a");
    }

    @Test
    void filters_by_tag_listing_each_job_once() {
        Project prod = project("prod");
        insert(aCronJob("backup").in(prod).tags("db", "nightly"));
        insert(aCronJob("report").in(prod).tags("nightly"));
        insert(aCronJob("cleanup").in(prod));

        assertThat(keys(new Filter(null, "nightly", null, null, null, 100))).containsExactly("prod/backup", "prod/report");
        assertThat(keys(new Filter(null, "db", null, null, null, 100))).containsExactly("prod/backup");
        assertThat(keys(new Filter(null, "none", null, null, null, 100))).isEmpty();
    }

    @Test
    void filters_by_status_counting_jobs_without_state_as_new() {
        Project prod = project("prod");
        Job failed = insert(aCronJob("failed").in(prod));
        state(failed, Status.FAILED, Health.HEALTHY);
        insert(aCronJob("fresh").in(prod));

        assertThat(keys(new Filter(null, null, Status.FAILED, null, null, 100))).containsExactly("prod/failed");
        assertThat(keys(new Filter(null, null, Status.NEW, null, null, 100))).containsExactly("prod/fresh");
    }

    @Test
    void filters_by_health_and_combines_filters() {
        Project prod = project("prod");
        Job sick = insert(aCronJob("sick").in(prod).tags("db"));
        state(sick, Status.FAILED, Health.UNHEALTHY);
        Job sickToo = insert(aCronJob("sick-too").in(prod));
        state(sickToo, Status.FAILED, Health.UNHEALTHY);
        insert(aCronJob("fine").in(prod).tags("db"));

        assertThat(keys(new Filter(null, null, null, Health.UNHEALTHY, null, 100)))
                .containsExactly("prod/sick", "prod/sick-too");
        assertThat(keys(new Filter(null, null, null, Health.HEALTHY, null, 100))).containsExactly("prod/fine");
        assertThat(keys(new Filter(prod.id(), "db", Status.FAILED, Health.UNHEALTHY, null, 100)))
                .containsExactly("prod/sick");
    }

    @Test
    void limit_caps_the_page_and_must_be_sensible() {
        Project prod = project("prod");
        insert(aCronJob("a").in(prod));
        insert(aCronJob("b").in(prod));

        assertThat(keys(new Filter(null, null, null, null, null, 1))).containsExactly("prod/a");
        assertThatThrownBy(() -> keys(new Filter(null, null, null, null, null, 0)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void summaries_are_the_project_s_jobs_in_slug_order_with_what_lists_show() {
        Project prod = project("prod");
        Job managed = insert(aCronJob("x-1").in(prod).name("Nightly").owner("ops").tags("db", "nightly")
                .execution(new Execution(new Execution.Argv(List.of("true")), null, null, null, 0, null, null, null, null, null, null, null)));
        state(managed, Status.FAILED, Health.UNHEALTHY);
        Job fresh = insert(aCronJob("x").in(prod).name(null));
        insert(aCronJob("x1").in(prod).owner(" "));
        insert(aCronJob("other").in(project("dev")));

        List<Summary> summaries = db.read(tx -> tx.jobs().summaries(prod.id()));

        assertThat(summaries).extracting(Summary::slug).containsExactly("x", "x-1", "x1");
        JobState failed = db.read(tx -> tx.jobs().list(new Filter(prod.id(), null, null, null, null, 100))).stream()
                .filter(j -> j.job().id() == managed.id()).findFirst().orElseThrow().state();
        assertThat(summaries.get(1)).isEqualTo(new Summary(managed.id(), "x-1", "Nightly", "ops", List.of("db", "nightly"), true, failed));
        assertThat(summaries.get(0)).isEqualTo(new Summary(fresh.id(), "x", null, null, List.of(), false,
                JobState.initial(fresh.id(), fresh.createdAt())));
        assertThat(summaries.get(2).owner()).isEqualTo(" ");
        List<Summary> none = db.read(tx -> tx.jobs().summaries(prod.id() + 1_000));
        assertThat(none).isEmpty();
    }
}
