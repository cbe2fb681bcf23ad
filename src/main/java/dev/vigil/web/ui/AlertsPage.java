package dev.vigil.web.ui;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Job;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.security.Sight;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /ui/p/{project}/alerts}: the project's recent alert deliveries and how each went. */
final class AlertsPage {
    static final int LIMIT = 100;
    private final Dashboard ui;

    AlertsPage(Dashboard ui) {
        this.ui = ui;
    }

    void register(JavalinConfig config) {
        config.routes.get(Dashboard.ROOT + "/p/{project}/alerts", this::alerts);
    }

    private void alerts(Context ctx) {
        Project project = ui.project(ctx);
        Sight sight = Sight.of(UiAuth.key(ctx));
        List<AlertsView.Row> rows = ui.store.read(tx -> {
            Map<Long, Optional<Job>> jobs = new HashMap<>();
            Map<Long, Optional<Channel>> channels = new HashMap<>();
            List<AlertsView.Row> list = new ArrayList<>();
            for (Notification n : tx.outbox().recentInProject(project.id(), LIMIT)) {
                Optional<Job> job = jobs.computeIfAbsent(n.jobId(), id -> tx.jobs().byId(id));
                Optional<Channel> channel = channels.computeIfAbsent(n.channelId(), id -> tx.channels().byId(id));
                String slug = job.map(Job::slug).orElse(null);
                String name = job.map(j -> j.name() == null || j.name().isBlank() ? j.slug() : j.name()).orElse("deleted job");
                list.add(new AlertsView.Row(n, slug, name, tx.flips().byId(n.flipId()).orElse(null),
                        channel.map(Channel::name).orElse(null), channel.map(Channel::kind).orElse(null),
                        tx.outbox().attempts(n.id())).seenBy(sight));
            }
            return list;
        });
        AlertsView view = new AlertsView(project, rows);
        if (Dashboard.fragment(ctx)) {
            ui.templates.render(ctx, "alerts-list.jte", view);
        } else {
            ui.templates.render(ctx, "alerts.jte", new AlertsView.Page(ui.chrome(ctx, project, "alerts", "Alerts · " + project.name()), view));
        }
    }
}
