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

    boolean delete(long id);
}
