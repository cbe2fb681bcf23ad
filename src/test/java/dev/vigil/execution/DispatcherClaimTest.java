package dev.vigil.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.domain.Execution;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.ingest.Committed;
import dev.vigil.ingest.Ingest;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a poll claims queued runs: all it takes in one write transaction, none twice, overlap respected. */
class DispatcherClaimTest {
    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    @TempDir
    Path dataDir;
    private Transactor sqlite;
    private CountingStore store;
    private Ingest ingest;
    private Dispatcher dispatcher;
    private dev.vigil.domain.Project project;

    @BeforeEach
    void open() {
        sqlite = SqlStores.sqlite(dataDir);
        store = new CountingStore(sqlite);
        ingest = new Ingest(sqlite, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2),
                Duration.ofMinutes(1), 1_000);
        dispatcher = new Dispatcher(store, ingest, clock, new WorkSignal(), Duration.ofSeconds(20), 1 << 20,
                Duration.ofSeconds(1));
        project = sqlite.write(tx -> tx.projects().insert("prod", "Prod", "ping-key", clock.instant()));
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    private long job(String slug, Execution.Overlap overlap, List<String> labels) {
        Execution ex = new Execution(new Execution.Argv(List.of("true")), null, null, null, 0, null, overlap, null, null,
                labels, null, null);
        return sqlite.write(tx -> tx.jobs().insert(TestJobs.aJob(slug).in(project).execution(ex).build())).id();
    }

    private List<Long> queue(long jobId, int n) {
        return sqlite.write(tx -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(tx.runs().insert(new Run(0, jobId, null, Trigger.MANUAL, null, 1, RunState.QUEUED, null, null,
                        null, null, null, null)).id());
            }
            return ids;
        });
    }

    /** What each agent holds, as it tells the server on every poll (else the server takes the runs back). */
    private final Map<String, List<Long>> known = new java.util.HashMap<>();

    private List<Assignment> poll(String agent, int capacity, List<String> labels) {
        return poll(agent, capacity, labels, false);
    }

    private List<Assignment> poll(String agent, int capacity, List<String> labels, boolean startsLater) {
        List<Long> held = known.computeIfAbsent(agent, a -> new ArrayList<>());
        List<Assignment> got = dispatcher.poll(new Poll(agent, agent + "-1", labels, capacity, held,
                held.size(), false, "test", 0, startsLater), AgentKey.EMBEDDED).runs();
        held.addAll(ids(got));
        return got;
    }

    private static List<Long> ids(List<Assignment> as) {
        return as.stream().map(Assignment::runId).toList();
    }

    @Test
    void a_poll_claims_up_to_its_free_capacity_in_one_write_transaction() {
        long job = job("many", Execution.Overlap.ALLOW, List.of());
        assertThat(poll("a", 32, List.of())).isEmpty(); // registers the agent (a write of its own)
        List<Long> queued = queue(job, 50);
        int writes = store.writes.get();

        List<Assignment> got = poll("a", 32, List.of());

        assertThat(ids(got)).containsExactlyElementsOf(queued.subList(0, 32));
        assertThat(store.writes.get() - writes).isEqualTo(1);
        List<Run> held = sqlite.read(tx -> tx.runs().heldBy("a"));
        assertThat(held).hasSize(32).allMatch(r -> r.state() == RunState.DISPATCHED);
        assertThat(ids(poll("a", 32, List.of()))).isEmpty(); // full
    }

    @Test
    void an_agent_that_starts_runs_on_time_gets_them_shortly_before_their_time_and_others_only_when_due() {
        long job = job("soon", Execution.Overlap.ALLOW, List.of());
        List<Long> ids = queue(job, 3);
        Instant now = clock.instant();
        sqlite.write(tx -> {
            tx.runs().setDispatch(ids.get(0), Map.of(), now.plusMillis(400)); // within the second ahead
            tx.runs().setDispatch(ids.get(1), Map.of(), now.plusSeconds(5)); // too far ahead
            return null; // ids.get(2): due now
        });

        assertThat(ids(poll("plain", 10, List.of(), false))).as("only what is due").containsExactly(ids.get(2));
        List<Assignment> early = poll("on-time", 10, List.of(), true);
        assertThat(early).singleElement().satisfies(a -> {
            assertThat(a.runId()).isEqualTo(ids.get(0));
            assertThat(a.startInMillis()).isEqualTo(400);
        });
        clock.set(now.plusSeconds(5));
        assertThat(poll("on-time", 10, List.of(), true)).singleElement().satisfies(a -> {
            assertThat(a.runId()).isEqualTo(ids.get(1));
            assertThat(a.startInMillis()).as("due: at once").isZero();
        });
    }

    @Test
    void polls_never_hand_out_a_run_twice() {
        long job = job("many", Execution.Overlap.ALLOW, List.of());
        List<Long> queued = queue(job, 25);
        Set<Long> handed = new HashSet<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(ids(poll("agent-" + (i % 3), 10, List.of())));
        }
        handed.addAll(all);
        assertThat(all).hasSameSizeAs(handed).containsExactlyInAnyOrderElementsOf(queued);
    }

    @Test
    void a_job_that_does_not_allow_overlap_gives_one_run_per_poll_and_labels_are_respected() {
        long queuedJob = job("one-at-a-time", Execution.Overlap.QUEUE, List.of());
        long labelled = job("gpu-only", Execution.Overlap.ALLOW, List.of("gpu"));
        List<Long> exclusive = queue(queuedJob, 3);
        List<Long> gpu = queue(labelled, 2);

        assertThat(ids(poll("plain", 10, List.of()))).containsExactly(exclusive.getFirst());
        assertThat(ids(poll("gpu", 10, List.of("gpu")))).containsExactlyElementsOf(gpu);
        assertThat(ids(poll("plain-2", 10, List.of()))).isEmpty(); // the first run of its job is still out
        Map<String, String> params = sqlite.read(tx -> tx.runs().params(exclusive.getFirst()));
        assertThat(params).isEmpty();
    }

    @Test
    void a_run_behind_many_that_do_not_fit_is_still_found() {
        long gpuOnly = job("gpu-only", Execution.Overlap.ALLOW, List.of("gpu"));
        long plain = job("plain", Execution.Overlap.ALLOW, List.of());
        queue(gpuOnly, 40);
        List<Long> mine = queue(plain, 1);

        assertThat(ids(poll("cpu", 1, List.of()))).containsExactlyElementsOf(mine);
        assertThat(ids(poll("gpu", 5, List.of("gpu")))).hasSize(5);
    }

    /** Counts write transactions; otherwise the store as is. */
    private static final class CountingStore implements Transactor {
        private final Transactor inner;
        final AtomicInteger writes = new AtomicInteger();

        CountingStore(Transactor inner) {
            this.inner = inner;
        }

        @Override
        public <T> T write(Function<Tx, T> work) {
            writes.incrementAndGet();
            return inner.write(work);
        }

        @Override
        public <T> T read(Function<Tx, T> work) {
            return inner.read(work);
        }

        @Override
        public String databaseName() {
            return inner.databaseName();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
