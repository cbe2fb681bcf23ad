package dev.vigil.execution;

import dev.vigil.domain.Agent;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.ForbiddenException;
import dev.vigil.schedule.Durations;
import dev.vigil.store.RunStore;
import dev.vigil.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Who may act as which agent, and report for which runs (PRODUCT.md §9, docs/security.md#agents).
 * An agent's identity is the key it registered with and its instance, never what a request says:
 * a name belongs to the key that registered it until that agent leaves or the key is deleted, and a
 * call under the name must come with that key and the instance registered now. An agent reports only
 * for runs dispatched to its name, in projects its key covers. The embedded agent is the server
 * itself: it registers as before, and the rule on runs holds for it too.
 */
final class AgentAccess {
    /** Runs named in a refusal at most. */
    private static final int NAMED = 10;

    private AgentAccess() {}

    /** Events naming runs the agent may not report for: nothing of them was applied (409). */
    static final class NotLeased extends ConflictException {
        NotLeased(String message) {
            super(message);
        }
    }

    /**
     * Whether the key may register under the name now (a poll), given who holds the name (null: nobody yet).
     *
     * @throws ForbiddenException the name belongs to another key, or is a server's embedded agent
     * @throws ConflictException  another instance under the name is live (the key's own agent, within its lease)
     */
    static void admit(Agent holder, String name, String instance, AgentKey key, Instant now, Duration lease) {
        if (holder == null || key.embedded()) return; // the server's own agent takes its name back, as ever
        if (holder.kind() == Agent.Kind.EMBEDDED) {
            throw new ForbiddenException("agent name '" + name + "' is a server's embedded agent: give this agent another --name");
        }
        if (holder.keyId() != null && !holder.keyId().equals(key.keyId()) && holder.state() != Agent.State.LEFT) {
            throw new ForbiddenException("agent '" + name + "' is registered with another key: give this agent another"
                    + " --name, or let the agent under that name drain and leave (or delete its key) first");
        }
        if (!holder.instance().equals(instance) && holder.state().live() && holder.lastSeenAt().isAfter(now.minus(lease))) {
            throw new ConflictException("agent name '" + name + "' is in use by another agent process, last heard "
                    + Durations.format(Duration.between(holder.lastSeenAt(), now)) + " ago: give this agent another"
                    + " --name, or wait up to " + Durations.format(lease) + " for the other one's lease to run out");
        }
    }

    /**
     * The agent registered under the name, if the key may act as it: the name is registered with this
     * key and, when {@code instance} is given, that is the instance registered now.
     *
     * @param instance null only from agents of versions that did not send it: then the key alone is checked
     * @throws ForbiddenException otherwise
     */
    static Agent identify(Tx tx, String name, String instance, AgentKey key) {
        Agent agent = tx.agents().byName(name).orElseThrow(() ->
                new ForbiddenException("no agent '" + name + "' is registered: an agent polls before it reports"));
        if (!Objects.equals(agent.keyId(), key.keyId())) {
            throw new ForbiddenException("agent '" + name + "' is registered with another key");
        }
        if (instance != null && !instance.equals(agent.instance())) {
            throw new ForbiddenException("agent '" + name + "' is registered as instance " + agent.instance()
                    + ", not " + instance + ": another process of the agent took the name over");
        }
        return agent;
    }

    /**
     * Refuses, changing nothing, unless every one of these runs that exists was dispatched to the agent
     * and is of a project the key covers. A run that does not exist (any more) is no one's: skipped.
     *
     * @throws NotLeased naming the runs it may not report for
     */
    static void requireLeased(Tx tx, String agent, AgentKey key, Collection<Long> runIds) {
        if (runIds.isEmpty()) return;
        Map<Long, RunStore.Holding> held = tx.runs().holdings(runIds);
        List<Long> refused = new ArrayList<>();
        for (long id : new LinkedHashSet<>(runIds)) {
            RunStore.Holding h = held.get(id);
            if (h != null && (!agent.equals(h.agent()) || !key.covers(h.projectId()))) refused.add(id);
        }
        if (refused.isEmpty()) return;
        String ids = refused.stream().limit(NAMED).map(String::valueOf).collect(Collectors.joining(", "))
                + (refused.size() > NAMED ? " and " + (refused.size() - NAMED) + " more" : "");
        throw new NotLeased((refused.size() == 1 ? "run " + ids + " was" : "runs " + ids + " were")
                + " not dispatched to agent '" + agent + "', or belong to a project its key may not run:"
                + " none of these events was applied");
    }
}
