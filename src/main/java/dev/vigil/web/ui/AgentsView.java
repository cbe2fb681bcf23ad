package dev.vigil.web.ui;

import dev.vigil.domain.Agent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every agent the cluster has seen, with how many of each state. */
public record AgentsView(List<Row> agents, Map<Agent.State, Integer> counts, Instant now) {

    public static final String LIVE_URL = Dashboard.ROOT + "/agents?fragment=1";

    public record Page(Chrome chrome, AgentsView view) {}

    /** The states in the order the counts show them. */
    public static List<Agent.State> stateOrder() {
        return List.of(Agent.State.CONNECTED, Agent.State.DRAINING, Agent.State.LOST, Agent.State.LEFT);
    }

    public static String colour(Agent.State s) {
        return switch (s) {
            case CONNECTED -> "green";
            case DRAINING -> "yellow";
            case LOST -> "red";
            case LEFT -> "grey";
        };
    }

    public static String icon(Agent.State s) {
        return Icons.svg(switch (s) {
            case CONNECTED -> "dot";
            case DRAINING -> "arrow";
            case LOST -> "cross";
            case LEFT -> "circle";
        });
    }

    public static String label(Agent.State s) {
        String w = s.wire();
        return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }

    /** One agent; {@code running}: the runs it holds now (0 unless it is live). */
    public record Row(Agent agent, int running) {
        public int percent() {
            return agent.capacity() <= 0 ? 0 : Math.min(100, running * 100 / agent.capacity());
        }

        public boolean full() {
            return running >= agent.capacity();
        }
    }
}
