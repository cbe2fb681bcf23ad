package dev.vigil.web.ui;

import dev.vigil.cluster.ClusterStatus;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Project;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * {@code /ui/cluster}: the servers sharing the database, the partitions each owns, their heartbeat
 * ages and the latest changes of ownership (docs/cluster.md). Like {@code GET /api/v1/cluster} it
 * needs a key valid in every project. Heartbeats are no commits, so the list refreshes every few
 * seconds as well as on change events.
 */
final class ClusterPage {
    static final int TAKEOVERS = 20;
    private final Dashboard ui;

    ClusterPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/cluster", this::cluster);
    }

    private void cluster(Context ctx) {
        Dashboard.require(ctx, ApiKey.Role.VIEWER, null);
        ClusterStatus status = ClusterStatus.read(ui.store, ui.ownership, ui.nodeTimeout, java.time.Instant.now(), TAKEOVERS);
        ClusterView view = new ClusterView(status);
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "cluster-list.jte", view);
        } else {
            Project none = null;
            ui.templates.render(ctx, "cluster.jte", new ClusterView.Page(ui.chrome(ctx, none, "cluster", "Cluster"), view));
        }
    }
}
