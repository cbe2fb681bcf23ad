package dev.vigil.store;

import dev.vigil.domain.Run;
import java.util.List;
import java.util.Optional;

public interface RunStore {
    /** Inserts the run (its id is ignored) and returns it with the assigned id. */
    Run insert(Run run);

    /** Rewrites the run with {@code run.id()}; callers check state transitions before calling. */
    void update(Run run);

    Optional<Run> byId(long id);

    /** The open ({@code running}) run of the job with this client run id, if any. */
    Optional<Run> openByRid(long jobId, String rid);

    /** The open run that started last, if any. */
    Optional<Run> latestOpen(long jobId);

    /** Open runs of the job, oldest start first. */
    List<Run> open(long jobId);

    /** Newest first; {@code beforeId} pages backwards (null for the newest). */
    List<Run> byJob(long jobId, Long beforeId, int limit);
}
