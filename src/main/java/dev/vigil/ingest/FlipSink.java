package dev.vigil.ingest;

import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.store.Tx;
import java.time.Instant;

/**
 * Told of every recorded flip inside the writer's transaction, so that what it stores (alert
 * notifications in the outbox) commits together with the flip.
 */
@FunctionalInterface
public interface FlipSink {
    /** Returns true if it stored something to deliver. */
    boolean flipped(Tx tx, Job job, Flip flip, String lastOutput, Instant now);

    FlipSink NONE = (tx, job, flip, lastOutput, now) -> false;
}
