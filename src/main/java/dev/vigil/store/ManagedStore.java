package dev.vigil.store;

import dev.vigil.domain.Managed;
import java.time.Instant;
import java.util.List;

/** Which apply source manages which object ({@link Managed}); objects without a mark are unmanaged. */
public interface ManagedStore {
    /** The marks in the project, by kind and name. */
    List<Managed> byProject(long projectId);

    /** The ids of the projects where {@code source} manages something. */
    List<Long> projectsOf(String source);

    /** Marks the object as managed by its source (replacing any mark it had). */
    void put(Managed managed, Instant at);

    /** @return true if there was a mark */
    boolean delete(long projectId, String kind, String name);
}
