package dev.vigil.store;

import dev.vigil.domain.Channel;
import java.util.List;
import java.util.Optional;

public interface ChannelStore {
    /** Inserts the channel (its id is ignored). @throws dev.vigil.domain.ConflictException on a duplicate name in the project */
    Channel insert(Channel channel);

    Optional<Channel> byId(long id);

    /** Channels of the project, by name. */
    List<Channel> byProject(long projectId);

    /**
     * Replaces the channel's kind, name, config and fallback flag; a changed channel starts afresh, so its
     * failing mark is cleared.
     *
     * @return the channel as stored, empty when there is no channel with its id
     * @throws dev.vigil.domain.ConflictException when another channel of the project has its name
     */
    Optional<Channel> update(Channel channel);

    boolean delete(long id);

    /** The project's fallback channels, by name. */
    List<Channel> fallbacks(long projectId);

    /** Marks the channel failing since {@code at} unless it already is. @return true if it was not failing */
    boolean markFailing(long id, java.time.Instant at, String error);

    /** Clears the failing mark. @return true if it was failing */
    boolean clearFailing(long id);
}
