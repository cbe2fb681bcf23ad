package dev.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.store.ClusterStore;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.PostgresSchema;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What another server committed reaches this one: definition changes and near deadlines of owned jobs, and activity. */
class ChangeFeedTest {
    static final PostgresSchema SCHEMA = new PostgresSchema();
    final MutableClock clock = MutableClock.at("2026-01-01T10:00:00Z");
    Transactor store;
    final List<String> heard = new CopyOnWriteArrayList<>();
    ChangeFeed feed;
    /** This node ("me") owns the even partitions. */
    final Ownership evens = new Ownership() {
        @Override public String node() { return "me"; }
        @Override public boolean shared() { return true; }
        @Override public long epochOf(int partition) { return partition % 2 == 0 ? 1 : -1; }
        @Override public void fenceFailed(int partition) {}
        @Override public void start(Listener listener) {}
    };

    @BeforeEach
    void open() {
        store = SCHEMA.emptied();
        feed = new ChangeFeed(store, evens, clock, Duration.ofMillis(250), new ChangeFeed.Sink() {
            @Override public void changed(ClusterStore.JobChange c) { heard.add("changed " + c.jobId() + " " + c.kind()); }
            @Override public void deadline(long jobId, long at) { heard.add("deadline " + jobId + " " + Instant.ofEpochMilli(at)); }
            @Override public void activity() { heard.add("activity"); }
            @Override public void runsAdded() { heard.add("runs"); }
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @AfterAll
    static void drop() {
        SCHEMA.close();
    }

    private long job(String slug, Instant deadline) {
        return store.write(tx -> {
            var project = tx.projects().bySlug("ops").orElseGet(() -> tx.projects().insert("ops", "Ops", "k", clock.instant()));
            Job j = tx.jobs().insert(TestJobs.aJob(slug).in(project).every(Duration.ofMinutes(1)).createdAt(clock.instant()).build());
            JobState.Builder b = JobState.initial(j.id(), clock.instant()).toBuilder();
            b.nextDeadline = deadline;
            tx.states().put(b.build());
            return j.id();
        });
    }

    private void change(long jobId, String kind, String node) {
        store.write(tx -> {
            tx.cluster().appendChange(jobId, kind, Instant.now(), node);
            return null;
        });
    }

    @Test
    void changes_made_by_other_nodes_to_owned_jobs_are_handed_over_once() {
        long a = job("a", null);
        long b = job("b", null);
        long even = a % 2 == 0 ? a : b;
        long odd = a % 2 == 0 ? b : a;
        feed.poll();
        heard.clear();
        change(even, "paused", "other");
        change(odd, "paused", "other"); // not ours
        change(even, "resumed", "me"); // our own: we knew at once
        feed.poll();
        feed.poll(); // read again within the overlap: not handed over twice
        assertThat(heard).contains("changed " + even + " paused").doesNotContain("changed " + odd + " paused")
                .doesNotContain("changed " + even + " resumed");
        assertThat(heard.stream().filter(h -> h.startsWith("changed"))).hasSize(1);
        assertThat(heard).contains("activity");
    }

    @Test
    void near_deadlines_of_owned_jobs_are_handed_over_far_ones_not() {
        Instant soon = clock.instant().plusSeconds(1);
        long first = job("x", soon);
        long second = job("y", soon);
        long far = job("z", clock.instant().plusSeconds(60));
        feed.poll();
        for (long id : List.of(first, second)) {
            if (id % 2 == 0) assertThat(heard).contains("deadline " + id + " " + soon);
            else assertThat(heard).noneMatch(h -> h.startsWith("deadline " + id + " "));
        }
        assertThat(heard).noneMatch(h -> h.startsWith("deadline " + far + " "));
    }

    @Test
    void queued_runs_wake_agents_and_nothing_new_is_quiet() {
        long id = job("r", null);
        feed.poll();
        heard.clear();
        feed.poll();
        assertThat(heard).isEmpty();
        store.write(tx -> tx.runs().insert(new dev.vigil.domain.Run(0, id, null, dev.vigil.domain.Trigger.MANUAL, null, 1,
                dev.vigil.domain.RunState.QUEUED, null, null, null, null, null, null)));
        feed.poll();
        assertThat(heard).containsExactly("runs", "activity");
    }
}
