package dev.vigil.web;

import dev.vigil.cluster.Ownership;
import dev.vigil.cluster.Partitions;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.cluster.ClusterStatus;
import dev.vigil.domain.Job;
import dev.vigil.domain.RunState;
import dev.vigil.scheduler.Scheduler;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runs where and what comes next: runs by state across jobs, upcoming fire times, agents. */
final class ClusterRoutes {
    private final ApiContext api;
    private final Scheduler scheduler;
    private final Ownership ownership;
    private final java.time.Duration nodeTimeout;

    ClusterRoutes(ApiContext api, Scheduler scheduler, Ownership ownership, java.time.Duration nodeTimeout) {
        this.api = api;
        this.scheduler = scheduler;
        this.ownership = ownership;
        this.nodeTimeout = nodeTimeout;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/runs", this::runs);
        config.routes.get("/api/v1/upcoming", this::upcoming);
        config.routes.get("/api/v1/agents", this::agents);
        config.routes.get("/api/v1/cluster", this::cluster);
    }

    /**
     * The servers sharing the database, the partitions each owns, heartbeat ages and recent
     * changes of ownership (docs/cluster.md). On SQLite: this server alone, owning every partition.
     */
    private void cluster(Context ctx) {
        Auth.require(ctx, Role.VIEWER, null);
        ClusterStatus status = ClusterStatus.read(api.store, ownership, nodeTimeout, java.time.Instant.now(),
                ApiContext.limit(ctx, 50, 1_000));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shared", status.shared());
        out.put("self", status.self());
        out.put("partitions", Partitions.COUNT);
        out.put("nodeTimeoutMs", nodeTimeout.toMillis());
        out.put("nodes", status.nodes().stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            if (status.shared()) {
                m.put("address", n.address());
                m.put("version", n.version());
                m.put("startedAt", n.startedAt());
                m.put("lastHeartbeatAt", n.lastHeartbeatAt());
                m.put("heartbeatAgeMs", n.heartbeatAgeMs());
            }
            m.put("state", n.state());
            m.put("partitions", n.partitions());
            return m;
        }).toList());
        out.put("unowned", status.unowned());
        out.put("takeovers", status.takeovers().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", t.at());
            m.put("partition", t.partition());
            m.put("from", t.from());
            m.put("to", t.to());
            m.put("epoch", t.epoch());
            m.put("how", t.how());
            return m;
        }).toList());
        Json.send(ctx, 200, out);
    }

    private Long project(Context ctx) {
        String slug = ctx.queryParam("project");
        // Without ?project=, a key bound to a project sees its own project.
        Long projectId = slug == null ? Auth.key(ctx).projectId() : Long.valueOf(api.project(slug).id());
        Auth.require(ctx, Role.VIEWER, projectId);
        return projectId;
    }

    /** {@code ?state=running|queued|dispatched (default running)&project=&limit=}. */
    private void runs(Context ctx) {
        Long projectId = project(ctx);
        String stateText = ctx.queryParam("state");
        RunState state = stateText == null ? RunState.RUNNING : RunState.fromWire(stateText);
        int limit = ApiContext.limit(ctx, 100, 1_000);
        List<Map<String, Object>> runs = api.store.read(tx -> tx.runs().inState(state, projectId, limit).stream()
                .map(r -> Views.run(r, tx.jobs().byId(r.jobId()).orElseThrow())).toList());
        Json.send(ctx, 200, Map.of("runs", runs));
    }

    /** {@code ?project=&limit=}: each scheduled managed job's next fire time, soonest first. */
    private void upcoming(Context ctx) {
        Long projectId = project(ctx);
        int limit = ApiContext.limit(ctx, 100, 10_000);
        List<Map<String, Object>> list = scheduler.upcoming(projectId, limit).stream().map(u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Job j = u.job();
            m.put("job", j.key());
            m.put("fireTime", u.fireTime());
            m.put("schedule", Views.schedule(j.schedule()));
            return m;
        }).toList();
        Json.send(ctx, 200, Map.of("upcoming", list));
    }

    private void agents(Context ctx) {
        Auth.require(ctx, Role.VIEWER, null);
        List<Map<String, Object>> agents = api.store.read(tx -> tx.agents().list().stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("kind", a.kind().wire());
            m.put("state", a.state().wire());
            m.put("labels", a.labels());
            m.put("capacity", a.capacity());
            m.put("running", a.state().live() ? tx.runs().heldBy(a.name()).size() : 0);
            m.put("version", a.version());
            m.put("registeredAt", a.registeredAt());
            m.put("lastHeartbeatAt", a.lastSeenAt());
            return m;
        }).toList());
        Json.send(ctx, 200, Map.of("agents", agents));
    }
}
