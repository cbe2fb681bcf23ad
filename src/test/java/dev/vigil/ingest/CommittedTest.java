package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.Observation;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each commit of the writer produced reaches its listener once durable: the one thing app/ routes. */
class CommittedTest {
    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    Transactor store;
    Ingest ingest;
    final List<Committed> commits = new CopyOnWriteArrayList<>();
    dev.vigil.domain.Project project;

    @BeforeEach
    void open() {
        store = SqlStores.sqlite(dir);
        project = store.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
        ingest = new Ingest(store, clock, new DeadlineIndex(), commits::add, Duration.ofSeconds(2), Duration.ofMinutes(1), 1_000);
    }

    @AfterEach
    void close() {
        ingest.close();
        store.close();
    }

    private Committed last() {
        return commits.getLast();
    }

    @Test
    void each_commit_says_what_it_defined_paused_resumed_deleted_queued_and_flipped() {
        Execution run = new Execution(new Execution.Shell("true"), null, null, null, 0, null, Execution.Overlap.ALLOW,
                Execution.CatchUp.LATEST, null, null, null, null);
        Job draft = TestJobs.aJob("sync").in(project).every(Duration.ofMinutes(1)).execution(run).createdAt(clock.instant()).build();
        Job job = ingest.execute(new Command.Define(draft)).job();
        assertThat(last().defined()).singleElement().satisfies(d -> {
            assertThat(d.job().id()).isEqualTo(job.id());
            assertThat(d.paused()).isFalse();
        });
        assertThat(last().runsChanged()).isFalse();

        ingest.execute(new Command.Pause(job.id(), "test"));
        assertThat(last().paused()).containsExactly(job.id());
        ingest.execute(new Command.Resume(job.id(), "test"));
        assertThat(last().resumed()).extracting(Job::id).containsExactly(job.id());

        ingest.execute(new Command.Trigger(job.id(), Map.of(), dev.vigil.domain.Trigger.MANUAL));
        assertThat(last().runsChanged()).as("a run was queued: held polls look again").isTrue();

        ingest.execute(new Command.Report(new Command.ById(job.id()), Observation.of(Observation.Kind.FAILURE, clock.instant()),
                null, null, "test"));
        assertThat(last().flips()).as("the job went down: the incident loop decides").isTrue();

        ingest.execute(new Command.Delete(job.id()));
        assertThat(last().deleted()).containsExactly(job.id());
        assertThat(last().defined()).isEmpty();
    }
}
