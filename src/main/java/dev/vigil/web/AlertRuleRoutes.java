package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Silence;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's alerting rules under {@code /api/v1/projects/{project}/}: routes and escalation
 * policies (admin), silences and maintenance windows (operator). Viewers may read them all.
 */
final class AlertRuleRoutes {
    static final Duration ENDED_SILENCES_SHOWN = Duration.ofDays(30);
    private static final String BASE = "/api/v1/projects/{project}";
    private final ApiContext api;
    private final Transactor store;
    private final Runnable changed;
    private final AlertRuleChanges changes;

    /** @param changed called after a silence or window ended early: held incidents are looked at again */
    AlertRuleRoutes(ApiContext api, Runnable changed) {
        this.api = api;
        this.store = api.store;
        this.changed = changed;
        this.changes = new AlertRuleChanges(api.store, api.audit, api.clock);
    }

    void register(JavalinConfig config) {
        config.routes.get(BASE + "/routes", this::routes);
        config.routes.put(BASE + "/routes", this::replaceRoutes);
        config.routes.get(BASE + "/escalation-policies", this::policies);
        config.routes.get(BASE + "/escalation-policies/{name}", this::policy);
        config.routes.put(BASE + "/escalation-policies/{name}", this::putPolicy);
        config.routes.delete(BASE + "/escalation-policies/{name}", this::deletePolicy);
        config.routes.get(BASE + "/silences", this::silences);
        config.routes.post(BASE + "/silences", this::createSilence);
        config.routes.post(BASE + "/silences/{id}/expire", this::expireSilence);
        config.routes.get(BASE + "/maintenance-windows", this::windows);
        config.routes.post(BASE + "/maintenance-windows", this::createWindow);
        config.routes.delete(BASE + "/maintenance-windows/{id}", this::deleteWindow);
    }

    private Project project(Context ctx, Role role) {
        Project p = api.project(ctx.pathParam("project"));
        Auth.require(ctx, role, p.id());
        return p;
    }

    private void routes(Context ctx) {
        Project p = project(ctx, Role.VIEWER);
        List<AlertRoute> routes = store.read(tx -> tx.alertRules().routes(p.id()));
        Json.send(ctx, 200, Map.of("routes", routes.stream().map(AlertRuleViews::route).toList()));
    }

    private void replaceRoutes(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        JsonNode body = Json.object(ctx);
        Fields.rejectUnknown(body, "", Set.of("routes"), Set.of());
        List<AlertRoute> routes = changes.replaceRoutes(p, AuditLog.actor(ctx), body.get("routes"));
        Json.send(ctx, 200, Map.of("routes", routes.stream().map(AlertRuleViews::route).toList()));
    }

    private void policies(Context ctx) {
        Project p = project(ctx, Role.VIEWER);
        var list = store.read(tx -> tx.alertRules().policies(p.id())).stream().map(AlertRuleViews::policy).toList();
        Json.send(ctx, 200, Map.of("escalationPolicies", list));
    }

    private void policy(Context ctx) {
        Project p = project(ctx, Role.VIEWER);
        String name = ctx.pathParam("name");
        EscalationPolicy policy = store.read(tx -> tx.alertRules().policy(p.id(), name))
                .orElseThrow(() -> noPolicy(p, name));
        Json.send(ctx, 200, AlertRuleViews.policy(policy));
    }

    private void putPolicy(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        JsonNode body = Json.object(ctx);
        AlertRuleChanges.Put put = changes.putPolicy(p, AuditLog.actor(ctx), ctx.pathParam("name"), body);
        Json.send(ctx, put.created() ? 201 : 200, AlertRuleViews.policy(put.policy()));
    }

    private void deletePolicy(Context ctx) {
        Project p = project(ctx, Role.ADMIN);
        changes.deletePolicy(p, AuditLog.actor(ctx), ctx.pathParam("name"));
        ctx.status(204);
    }

    /** {@code ?all=true} adds the silences that ended in the last 30 days. */
    private void silences(Context ctx) {
        Project p = project(ctx, Role.VIEWER);
        Instant now = api.clock.instant();
        boolean all = flag(ctx, "all");
        var list = store.read(tx -> tx.alertRules().silences(p.id(), all ? now.minus(ENDED_SILENCES_SHOWN) : now))
                .stream().map(s -> AlertRuleViews.silence(s, now)).toList();
        Json.send(ctx, 200, Map.of("silences", list));
    }

    private void createSilence(Context ctx) {
        Project p = project(ctx, Role.OPERATOR);
        JsonNode body = Json.object(ctx);
        Instant now = api.clock.instant();
        Silence created = store.write(tx -> {
            Silence s = tx.alertRules().insertSilence(SuppressionInput.silence(body, p.id(),
                    slug -> tx.jobs().bySlug(p.id(), slug).isPresent(), Auth.key(ctx).name(), now));
            api.audit.silence(tx, AuditLog.actor(ctx), null, s);
            return s;
        });
        Json.send(ctx, 201, AlertRuleViews.silence(created, now));
    }

    private void expireSilence(Context ctx) {
        Project p = project(ctx, Role.OPERATOR);
        long id = HistoryRoutes.parseId(ctx.pathParam("id"));
        Instant now = api.clock.instant();
        Silence expired = store.write(tx -> {
            Silence old = tx.alertRules().silence(id).filter(s -> s.projectId() == p.id())
                    .orElseThrow(() -> new NotFoundException("no silence " + id + " in project '" + p.slug() + "'"));
            tx.alertRules().expireSilence(id, now);
            tx.incidents().recheckHeld(p.id(), now);
            Silence ended = tx.alertRules().silence(id).orElseThrow();
            api.audit.silence(tx, AuditLog.actor(ctx), old, ended);
            return ended;
        });
        changed.run();
        Json.send(ctx, 200, AlertRuleViews.silence(expired, now));
    }

    private void windows(Context ctx) {
        Project p = project(ctx, Role.VIEWER);
        Instant now = api.clock.instant();
        var list = store.read(tx -> tx.alertRules().windows(p.id())).stream().map(w -> AlertRuleViews.window(w, now)).toList();
        Json.send(ctx, 200, Map.of("maintenanceWindows", list));
    }

    private void createWindow(Context ctx) {
        Project p = project(ctx, Role.OPERATOR);
        JsonNode body = Json.object(ctx);
        MaintenanceWindow created = changes.createWindow(p, AuditLog.actor(ctx), body, Auth.key(ctx).name());
        Json.send(ctx, 201, AlertRuleViews.window(created, api.clock.instant()));
    }

    private void deleteWindow(Context ctx) {
        Project p = project(ctx, Role.OPERATOR);
        changes.deleteWindow(p, AuditLog.actor(ctx), HistoryRoutes.parseId(ctx.pathParam("id")));
        changed.run();
        ctx.status(204);
    }

    /** A channel that routes or escalation policies name cannot go: they would silently lose a receiver. */
    static void refuseIfUsed(Tx tx, Project p, String channel) {
        List<AlertRoute> routes = tx.alertRules().routes(p.id());
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).channels().contains(channel)) {
                throw new ConflictException("channel '" + channel + "' is used by route " + describe(routes.get(i), i)
                        + "; change the routes first");
            }
        }
        for (EscalationPolicy policy : tx.alertRules().policies(p.id())) {
            if (policy.steps().stream().anyMatch(s -> s.channels().contains(channel))) {
                throw new ConflictException("channel '" + channel + "' is used by escalation policy '" + policy.name()
                        + "'; change the policy first");
            }
        }
    }

    static String describe(AlertRoute route, int i) {
        return route.name() == null ? "routes[" + i + "]" : "'" + route.name() + "' (routes[" + i + "])";
    }

    private static NotFoundException noPolicy(Project p, String name) {
        return AlertRuleChanges.noPolicy(p, name);
    }

    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw new ValidationException(name, "must be true or false");
    }
}
