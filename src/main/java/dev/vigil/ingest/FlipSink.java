package dev.vigil.ingest;

/**
 * Hears that a commit of the writer recorded flips. The flip is the writer's last word on a job's
 * change: incidents, routing, holds and notifications are decided afterwards, in transactions of
 * their own, by the incident loop, which this wakes. Called on the writer thread after the commit:
 * keep it cheap.
 */
@FunctionalInterface
public interface FlipSink {
    void recorded();

    FlipSink NONE = () -> {};
}
