package dev.vigil.store;

import dev.vigil.domain.Event;
import java.util.List;

/** The append-only event log. Nothing here updates or deletes a single event. */
public interface EventStore {
    /**
     * Appends the event (its id is ignored). The row may be sent with the transaction's next
     * statement or its commit, batched with other events: it is there for every later read.
     */
    void append(Event event);

    /** Newest first; {@code beforeId} pages backwards (null for the newest). */
    List<Event> byJob(long jobId, Long beforeId, int limit);
}
