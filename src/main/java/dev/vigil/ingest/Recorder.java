package dev.vigil.ingest;

import dev.vigil.monitor.Decision;
import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.Flip;
import dev.vigil.store.Tx;
import java.time.Instant;

/**
 * Writes what a decision produced: derived events, the flip with its event and the output its alert
 * will quote, the new state. The incident loop decides incidents from the flip after the commit.
 */
final class Recorder {
    JobRuntime record(Tx tx, Batch batch, JobRuntime rt, Decision d, Long runId, Instant at, String lastOutput) {
        long jobId = rt.job().id();
        for (Decision.Derived e : d.events()) {
            tx.events().append(new Event(0, jobId, runId, at, e.kind(), null, null, e.message(), e.data(), "monitor"));
        }
        if (d.flip() != null) {
            Decision.FlipDraft f = d.flip();
            // Deferred like the events: a flip costs no round trip of its own. Its event names it by
            // instant and status (the dashboard's timeline matches them so), not by id.
            tx.flips().record(new Flip(0, jobId, at, f.fromStatus(), f.toStatus(), f.fromHealth(),
                    f.toHealth(), f.alerting(), f.alertingChanged(), f.reason()), lastOutput);
            String data = "{\"from\":\"" + f.fromStatus().wire() + "\",\"to\":\""
                    + f.toStatus().wire() + "\",\"health\":\"" + f.toHealth().wire() + "\"}";
            tx.events().append(new Event(0, jobId, runId, at, EventKind.STATUS_CHANGED, null, null, f.reason(), data, "monitor"));
            batch.flipsRecorded = true;
        }
        JobRuntime next = rt.with(d.after());
        if (!d.after().equals(d.before())) batch.stateChanged(jobId);
        batch.put(next);
        return next;
    }
}
