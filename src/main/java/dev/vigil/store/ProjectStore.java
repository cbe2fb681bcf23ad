package dev.vigil.store;

import dev.vigil.domain.Project;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ProjectStore {
    /** @throws dev.vigil.domain.ConflictException if the slug is taken */
    Project insert(String slug, String name, String pingKey, Instant createdAt);

    Optional<Project> byId(long id);

    /** Sets the project's display name. @return true if there is such a project */
    boolean rename(long id, String name);

    Optional<Project> bySlug(String slug);

    Optional<Project> byPingKey(String pingKey);

    /** Ordered by slug. */
    List<Project> list();
}
