package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cluster.Ownership;
import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.Observation;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.PostgresSchema;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A writer that shares its store with other servers (state read afresh, under lock, every batch)
 * decides exactly as the sole writer does (state kept in memory between batches): the same flips,
 * events and states for the same commands.
 */
class SharedWriterParityTest {
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @AfterAll
    static void drop() {
        SCHEMA.close();
    }

    /** Everything an owner-less writer may do: the same as any node's, fenced or not. */
    static final Ownership SHARED = new Ownership() {
        @Override public String node() { return "n1"; }
        @Override public boolean shared() { return true; }
        @Override public long epochOf(int partition) { return -1; }
        @Override public void fenceFailed(int partition) {}
        @Override public void start(Listener listener) {}
    };

    private List<String> history(Ownership ownership) {
        Transactor store = SCHEMA.emptied();
        MutableClock clock = MutableClock.at("2026-01-01T10:00:00Z");
        Ingest ingest = new Ingest(store, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2),
                Duration.ofMinutes(1), 1_000, ownership);
        try {
            var project = store.write(tx -> tx.projects().insert("ops", "Ops", "k", clock.instant()));
            Execution ex = new Execution(new Execution.Shell("true"), null, null, null, 0, null, Execution.Overlap.ALLOW,
                    Execution.CatchUp.LATEST, null, null, null, null);
            Job job = ingest.execute(new Command.Define(TestJobs.aJob("etl").in(project).every(Duration.ofHours(1)).execution(ex)
                    .createdAt(clock.instant()).build())).job();
            // Runs that overlap: three started, then finished in another order.
            List<Run> overlapping = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Run run = ingest.execute(new Command.Trigger(job.id(), Map.of(), dev.vigil.domain.Trigger.MANUAL)).runs().getFirst();
                store.write(tx -> tx.runs().transition(run.id(), RunState.QUEUED, RunState.DISPATCHED, "agent"));
                clock.advance(Duration.ofSeconds(1));
                ingest.execute(new Command.RunReport(run.id(), "agent", Observation.of(Observation.Kind.START, clock.instant()),
                        null, null, null));
                overlapping.add(run);
            }
            for (int i : new int[] {1, 0, 2}) {
                clock.advance(Duration.ofSeconds(1));
                ingest.execute(new Command.RunReport(overlapping.get(i).id(), "agent",
                        Observation.of(Observation.Kind.SUCCESS, clock.instant()), "out", null, null));
            }
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(10));
                Run run = ingest.execute(new Command.Trigger(job.id(), Map.of(), dev.vigil.domain.Trigger.MANUAL)).runs().getFirst();
                store.write(tx -> tx.runs().transition(run.id(), RunState.QUEUED, RunState.DISPATCHED, "agent"));
                ingest.execute(new Command.RunReport(run.id(), "agent", Observation.of(Observation.Kind.START, clock.instant()),
                        null, null, null));
                clock.advance(Duration.ofSeconds(2));
                ingest.execute(new Command.RunReport(run.id(), "agent", Observation.of(
                        i == 1 ? Observation.Kind.FAILURE : Observation.Kind.SUCCESS, clock.instant()), "out", null, null));
            }
            List<String> out = new ArrayList<>();
            store.read(tx -> {
                tx.flips().byJob(job.id(), null, 100).forEach(f -> out.add("flip " + f.at() + " " + f.fromStatus() + "/"
                        + f.fromHealth() + " -> " + f.toStatus() + "/" + f.toHealth()));
                tx.events().byJob(job.id(), null, 100).forEach(e -> out.add("event " + e.at() + " " + e.kind().wire() + " "
                        + e.message()));
                var st = tx.states().get(job.id()).orElseThrow();
                out.add("state " + st.withJobId(0));
                return null;
            });
            return out;
        } finally {
            ingest.close();
        }
    }

    @Test
    void a_shared_writer_records_what_the_sole_writer_records() {
        List<String> sole = history(Ownership.SOLE);
        List<String> shared = history(SHARED);
        assertThat(shared).isEqualTo(sole);
        assertThat(sole).anyMatch(s -> s.startsWith("flip"));
    }
}
