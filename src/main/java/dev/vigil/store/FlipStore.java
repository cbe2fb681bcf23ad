package dev.vigil.store;

import dev.vigil.domain.Flip;
import java.util.List;
import java.util.Optional;

public interface FlipStore {
    /** Inserts the flip (its id is ignored) and returns it with the assigned id. */
    Flip insert(Flip flip);

    Optional<Flip> byId(long id);

    /** Newest first; {@code beforeId} pages backwards (null for the newest). */
    List<Flip> byJob(long jobId, Long beforeId, int limit);
}
