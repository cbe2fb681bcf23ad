package dev.vigil.ingest;

import dev.vigil.domain.Job;
import java.util.List;
import java.util.Set;

/**
 * What one commit of the writer produced, for whoever acts on it once it is durable: the job
 * definitions the scheduler's clock follows, whether flips were recorded (the incident loop decides
 * incidents, routing and notifications from them, in transactions of its own), and whether runs
 * were queued, cancelled or asked to stop (the agents' held polls look again). {@code app/} routes it
 * in one place.
 *
 * @param defined      jobs created or redefined, each with whether it is paused
 * @param deleted      ids of jobs deleted
 * @param paused       ids of jobs paused
 * @param resumed      jobs resumed
 * @param flips        the commit recorded flips
 * @param runsChanged  the commit queued, cancelled or asked to stop runs
 */
public record Committed(List<Defined> defined, Set<Long> deleted, List<Long> paused, List<Job> resumed,
                        boolean flips, boolean runsChanged) {

    /** A job as defined by the commit, and whether it is paused. */
    public record Defined(Job job, boolean paused) {}

    public Committed {
        defined = List.copyOf(defined);
        deleted = Set.copyOf(deleted);
        paused = List.copyOf(paused);
        resumed = List.copyOf(resumed);
    }

    /** Hears of every commit, on the writer thread, after it is durable: keep it cheap. */
    @FunctionalInterface
    public interface Listener {
        void committed(Committed commit);

        Listener NONE = commit -> {};
    }
}
