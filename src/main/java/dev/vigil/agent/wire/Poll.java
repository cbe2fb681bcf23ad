package dev.vigil.agent.wire;

import java.util.List;

/**
 * What an agent sends each time it asks for work. It is its registration and its heartbeat too:
 * every poll carries the whole identity, so a server that restarted knows the agent again at once.
 *
 * @param name      unique per agent (default: the host name); runs record it. The first poll under a
 *                  name registers it with the key it comes with; other keys may not use it
 * @param instance  random per agent directory and kept there, so an agent restarted on its directory
 *                  is the same instance; another instance under a live name is refused
 * @param labels    jobs whose labels are all among these may run here
 * @param capacity  how many runs it runs at once
 * @param known     every run the agent has taken and not yet delivered the finish of: the ones it
 *                  runs and the ones whose finish still waits in its spool. A run the server
 *                  thinks is here and that is not in this list was never received (it goes back to
 *                  the queue) or died with an earlier agent process (it is lost).
 * @param running   how many runs it runs now (known minus those only waiting in the spool)
 * @param draining  takes no new work; finishes what it runs
 * @param waitMillis how long the server may hold the poll open when there is nothing to do
 * @param startsLater the agent honours {@link Assignment#startInMillis}: the server may hand it
 *                    scheduled runs shortly before their time. An agent that does not say so gets
 *                    each run only once it is due.
 */
public record Poll(String name, String instance, List<String> labels, int capacity, List<Long> known,
                   int running, boolean draining, String version, long waitMillis, boolean startsLater) {
    public Poll {
        labels = labels == null ? List.of() : List.copyOf(labels);
        known = known == null ? List.of() : List.copyOf(known);
    }

    /** Runs it may take now. */
    public int free() {
        return draining ? 0 : Math.max(0, capacity - running);
    }
}
