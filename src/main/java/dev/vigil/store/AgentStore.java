package dev.vigil.store;

import dev.vigil.domain.Agent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface AgentStore {
    Optional<Agent> byName(String name);

    /** Inserts the agent or rewrites the row with its name. */
    void save(Agent agent);

    /** Every agent ever seen, by name. */
    List<Agent> list();

    /** Live agents ({@code connected} or {@code draining}) last seen before {@code cutoff}. */
    List<Agent> silentSince(Instant cutoff);

    /** Sets the state of the named agent if its instance is still {@code instance}; false otherwise. */
    boolean setState(String name, String instance, Agent.State state);
}
