package dev.vigil.agent.wire;

import java.util.List;

/**
 * The server's answer to a {@link Poll}.
 *
 * @param runs        runs this agent now owns: start them
 * @param stop        runs to stop (cancelled, replaced, or no longer this agent's): TERM, then KILL
 * @param leaseMillis poll again well within this, or the agent is lost and its runs with it
 * @param logLimit    bytes of output per run the server keeps; the agent need not send more
 */
public record PollReply(List<Assignment> runs, List<Long> stop, long leaseMillis, long logLimit) {
    public PollReply {
        runs = runs == null ? List.of() : List.copyOf(runs);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return runs.isEmpty() && stop.isEmpty();
    }
}
