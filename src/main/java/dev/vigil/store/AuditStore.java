package dev.vigil.store;

import dev.vigil.domain.AuditEntry;
import java.time.Instant;
import java.util.List;

/** The audit log: appended in the transaction of the change it records, read newest first, deleted by age. */
public interface AuditStore {
    /**
     * What to list. Every field but {@code limit} may be null (no filter).
     *
     * @param actor  a key's name, or its id
     * @param action an action ({@code job.update}), or a kind of action ({@code job}: itself and every {@code job.*})
     * @param before an entry id from a previous page: only older entries
     */
    record Filter(Long projectId, String actor, String action, String target, Instant since, Instant until, Long before,
                  int limit) {}

    /** Adds the entry when the transaction commits (or before anything reads the log in it). */
    void append(AuditEntry entry);

    /** Entries matching the filter, newest first, at most {@code limit}. */
    List<AuditEntry> list(Filter filter);

    /** Deletes up to {@code max} of the entries older than {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff, int max);
}
