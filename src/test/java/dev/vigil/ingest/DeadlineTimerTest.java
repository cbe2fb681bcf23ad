package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many deadlines at once: the timer hands the writer one chunk of ticks at a time, so that a ping
 * arriving during a storm waits behind one chunk in the writer's queue, not behind all of them.
 */
class DeadlineTimerTest {
    private static final Instant FIRE = Instant.parse("2026-03-01T02:00:00Z");
    private final MutableClock clock = new MutableClock(FIRE.minusSeconds(30), java.time.ZoneOffset.UTC);
    @TempDir
    Path dataDir;
    private Transactor store;
    private Ingest ingest;
    private DeadlineTimer timer;
    /** The writer's count of committed commands, as each commit's hook sees it. */
    private final List<Long> commandsAtCommit = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        store = SqlStores.sqlite(dataDir);
        DeadlineIndex index = new DeadlineIndex();
        ingest = new Ingest(store, clock, index, commit -> commandsAtCommit.add(ingest.committed()), Duration.ofSeconds(2),
                Duration.ofMinutes(1), 10_000);
        timer = new DeadlineTimer(index, ingest, clock, DeadlineTimer.DEFAULT_SETTLE, DeadlineTimer.DEFAULT_STALL,
                Duration.ofMinutes(1));
        ingest.start();
    }

    @AfterEach
    void stop() {
        timer.close();
        ingest.close();
        store.close();
    }

    @Test
    void a_storm_of_deadlines_reaches_the_writer_a_chunk_at_a_time_each_in_one_commit_and_is_committed_when_the_pass_returns() {
        Project p = store.write(tx -> tx.projects().insert("prod", "Prod", "ping-key", clock.instant()));
        int jobs = 2 * DeadlineTimer.CHUNK + 44;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(ingest.execute(new Command.Define(TestJobs.aCronJob("j" + i).in(p).cron("0 2 * * *", "UTC")
                    .grace(Duration.ofMillis(1)).build())).job().id());
        }
        clock.set(FIRE.plusSeconds(1));
        commandsAtCommit.clear();
        long before = ingest.committed();

        assertThat(timer.runOnce()).isEqualTo(jobs);

        assertThat(store.read((dev.vigil.store.Tx tx) -> ids.stream().map(id -> tx.states().get(id).map(JobState::status).orElseThrow()).toList()))
                .as("committed when runOnce returns").containsOnly(Status.MISSED);
        // A commit's hooks run before its commands are counted: each sees the count before it.
        List<Long> counts = new ArrayList<>(commandsAtCommit);
        counts.add(ingest.committed());
        assertThat(counts.getFirst()).isEqualTo(before);
        List<Long> perCommit = new ArrayList<>();
        for (int i = 1; i < counts.size(); i++) perCommit.add(counts.get(i) - counts.get(i - 1));
        assertThat(perCommit.getFirst()).as("the first chunk, taken by the writer together").isEqualTo(DeadlineTimer.CHUNK);
        assertThat(perCommit).as("commands per writer commit").allMatch(n -> n <= DeadlineTimer.MAX_CHUNK);
        assertThat(perCommit.stream().mapToLong(Long::longValue).sum()).isEqualTo(jobs);
        assertThat(timer.ticks()).isEqualTo(jobs);
    }
}
