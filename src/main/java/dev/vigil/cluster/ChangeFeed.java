package dev.vigil.cluster;

import dev.vigil.store.ClusterStore;
import dev.vigil.store.Transactor;
import dev.vigil.util.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What other nodes changed, read from the store every {@code interval}: that anything of note was
 * committed (for open dashboards and waiting agents); and about the jobs this node owns, definition changes ({@code job_changes}, so that the owner fires by the new
 * definition, or stops firing a paused or deleted job) and deadlines that another node's commit
 * moved close (a report applied there, e.g. a start that set a run's deadline), so that the owner's
 * timer decides them on time.
 *
 * <p>Changes are read again for {@link #OVERLAP} after they were written, and each is handed over
 * once: a transaction that commits a moment after a later-numbered one is not missed.
 */
public final class ChangeFeed implements AutoCloseable {
    static final Duration OVERLAP = Duration.ofSeconds(10);
    /** How far ahead deadlines are looked for. */
    static final Duration LOOKAHEAD = Duration.ofSeconds(2);

    /** Where what the feed found goes; called on the feed's thread. */
    public interface Sink {
        void changed(ClusterStore.JobChange change);

        /** A deadline of an owned job, due within the look-ahead or passed within the last two intervals. */
        void deadline(long jobId, long deadlineEpochMillis);

        /** Some server committed something of note (a report, an incident's change, a definition): tell open pages. */
        void activity();

        /** Some server queued runs: agents waiting on this server should look again. */
        void runsAdded();
    }

    private final Transactor store;
    private final Ownership ownership;
    private final Clock clock;
    private final Duration interval;
    private final Sink sink;
    /** Changes handed over, by id, with when they were written (only the feed's thread). */
    private final Map<Long, Instant> seen = new HashMap<>();
    private ClusterStore.Marks marks; // only the feed's thread
    private final Worker worker = new Worker("vigil-change-feed", this::pass);

    /** @param clock the clock decisions are made with (deadlines are in it); changes are stamped with the machine's */
    public ChangeFeed(Transactor store, Ownership ownership, Clock clock, Duration interval, Sink sink) {
        this.store = store;
        this.ownership = ownership;
        this.clock = clock;
        this.interval = interval;
        this.sink = sink;
    }

    public void start() {
        worker.start();
    }

    private long pass() {
        poll();
        return interval.toMillis();
    }

    /** One pass; tests call it directly. */
    public void poll() {
        ClusterStore.Marks now = store.read(tx -> tx.cluster().marks());
        if (marks != null && !now.equals(marks)) {
            if (now.runs() != marks.runs()) sink.runsAdded();
            sink.activity();
        }
        marks = now;
        Instant machineNow = Instant.now();
        List<ClusterStore.JobChange> changes = store.read(tx -> tx.cluster().changesSince(machineNow.minus(OVERLAP)));
        for (ClusterStore.JobChange c : changes) {
            if (seen.putIfAbsent(c.id(), c.at()) != null) continue;
            if (ownership.node().equals(c.node()) || !ownership.owns(c.jobId())) continue;
            sink.changed(c);
        }
        seen.values().removeIf(at -> at.isBefore(machineNow.minus(OVERLAP.multipliedBy(2))));
        List<Integer> owned = new ArrayList<>();
        for (int p = 0; p < Partitions.COUNT; p++) {
            if (ownership.epochOf(p) >= 0) owned.add(p);
        }
        if (owned.isEmpty()) return;
        long nowMillis = clock.millis();
        long from = nowMillis - 2 * interval.toMillis();
        Map<Long, Long> due = new HashMap<>();
        store.read(tx -> {
            tx.states().forEachDeadline(owned, Partitions.COUNT, nowMillis + LOOKAHEAD.toMillis(), due::put);
            return null;
        });
        due.forEach((jobId, at) -> {
            if (at >= from && ownership.owns(jobId)) sink.deadline(jobId, at);
        });
    }

    @Override
    public void close() {
        worker.close();
    }
}
