package dev.vigil.web.ui;

import dev.vigil.domain.Agent;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Project;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /ui/agents}: the cluster's agents, their state, load and last heartbeat. Like
 * {@code GET /api/v1/agents} it needs a key valid in every project. Heartbeats are no writer
 * commits, so besides change events the list also refreshes every few seconds.
 */
final class AgentsPage {
    private final Dashboard ui;

    AgentsPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/agents", this::agents);
    }

    private void agents(Context ctx) {
        Dashboard.require(ctx, ApiKey.Role.VIEWER, null);
        AgentsView view = ui.store.read(tx -> {
            Map<Agent.State, Integer> counts = new EnumMap<>(Agent.State.class);
            for (Agent.State s : Agent.State.values()) counts.put(s, 0);
            List<AgentsView.Row> rows = tx.agents().list().stream().map(a -> {
                counts.merge(a.state(), 1, Integer::sum);
                return new AgentsView.Row(a, a.state().live() ? tx.runs().heldBy(a.name()).size() : 0);
            }).toList();
            return new AgentsView(rows, counts, ui.clock.instant());
        });
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "agents-list.jte", view);
        } else {
            Project none = null;
            ui.templates.render(ctx, "agents.jte", new AgentsView.Page(ui.chrome(ctx, none, "agents", "Agents"), view));
        }
    }
}
