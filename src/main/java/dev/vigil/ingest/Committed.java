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
 * @param finished     runs the commit ended (succeeded, failed, timed out, lost or cancelled)
 */
public record Committed(List<Defined> defined, Set<Long> deleted, List<Long> paused, List<Job> resumed,
                        boolean flips, boolean runsChanged, List<Finished> finished) {

    /** A job as defined by the commit, and whether it is paused. */
    public record Defined(Job job, boolean paused) {}

    /**
     * A run that ended, as metrics count it: once, by the writer that ended it.
     *
     * @param duration from its start to its end; null for a run that never started (e.g. a finish
     *                 reported without a start)
     */
    public record Finished(long projectId, String project, long jobId, dev.vigil.domain.RunState end,
                           java.time.Duration duration) {}

    public Committed {
        defined = List.copyOf(defined);
        deleted = Set.copyOf(deleted);
        paused = List.copyOf(paused);
        resumed = List.copyOf(resumed);
        finished = List.copyOf(finished);
    }

    /** Hears of every commit, on the writer thread, after it is durable: keep it cheap. */
    @FunctionalInterface
    public interface Listener {
        void committed(Committed commit);

        Listener NONE = commit -> {};
    }
}
