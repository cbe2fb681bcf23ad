package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Actor;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changing a project's routes, escalation policies and maintenance windows, for the API and the
 * dashboard alike: read by {@link AlertRuleInput} and {@link SuppressionInput}, audited in the
 * transaction of the change.
 */
public final class AlertRuleChanges {
    private final Transactor store;
    private final AuditLog audit;
    private final Clock clock;

    public AlertRuleChanges(Transactor store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** Replaces the project's routes with the JSON list {@code routes}; errors name {@code routes[i]…}. */
    public List<AlertRoute> replaceRoutes(Project p, Actor actor, JsonNode routes) {
        return store.write(tx -> {
            List<AlertRoute> read = AlertRuleInput.routes(routes, "routes", channelNames(tx, p),
                    tx.alertRules().policies(p.id()).stream().map(EscalationPolicy::name).collect(Collectors.toSet()));
            List<AlertRoute> old = tx.alertRules().routes(p.id());
            tx.alertRules().replaceRoutes(p.id(), read, clock.instant());
            audit.record(tx, actor, "routes.replace", p.id(), p.slug(), Map.of("routes", old.stream().map(AlertRuleViews::route).toList()),
                    Map.of("routes", read.stream().map(AlertRuleViews::route).toList()));
            return read;
        });
    }

    /** A policy created or replaced. */
    public record Put(boolean created, EscalationPolicy policy) {}

    /** Creates or replaces the policy {@code name} from its JSON. */
    public Put putPolicy(Project p, Actor actor, String name, JsonNode body) {
        return store.write(tx -> {
            EscalationPolicy read = AlertRuleInput.policy(body, "", name, channelNames(tx, p), p.id(), clock.instant());
            var old = tx.alertRules().policy(p.id(), name).map(AlertRuleViews::policy).orElse(null);
            boolean created = tx.alertRules().putPolicy(read);
            EscalationPolicy stored = tx.alertRules().policy(p.id(), name).orElseThrow();
            audit.record(tx, actor, created ? "policy.create" : "policy.update", p.id(), p.slug() + "/" + name, old,
                    AlertRuleViews.policy(stored));
            return new Put(created, stored);
        });
    }

    /** @throws ConflictException while a route names it */
    public void deletePolicy(Project p, Actor actor, String name) {
        store.write(tx -> {
            List<AlertRoute> routes = tx.alertRules().routes(p.id());
            for (int i = 0; i < routes.size(); i++) {
                if (name.equals(routes.get(i).escalation())) {
                    throw new ConflictException("escalation policy '" + name + "' is used by route "
                            + AlertRuleRoutes.describe(routes.get(i), i) + "; change the routes first");
                }
            }
            var old = tx.alertRules().policy(p.id(), name).map(AlertRuleViews::policy).orElse(null);
            if (!tx.alertRules().deletePolicy(p.id(), name)) throw noPolicy(p, name);
            audit.record(tx, actor, "policy.delete", p.id(), p.slug() + "/" + name, old, null);
            return null;
        });
    }

    /** Creates a maintenance window from its JSON. @param createdBy the key's name */
    public MaintenanceWindow createWindow(Project p, Actor actor, JsonNode body, String createdBy) {
        Instant now = clock.instant();
        return store.write(tx -> {
            MaintenanceWindow w = tx.alertRules().insertWindow(SuppressionInput.window(body, p.id(),
                    slug -> tx.jobs().bySlug(p.id(), slug).isPresent(), createdBy, now));
            audit.record(tx, actor, "window.create", p.id(), Long.toString(w.id()), null, AlertRuleViews.window(w, now));
            return w;
        });
    }

    /**
     * Deletes a maintenance window; incidents it held are looked at again (call the alerting's
     * {@code changed} after).
     *
     * @throws NotFoundException if the project has no such window
     */
    public MaintenanceWindow deleteWindow(Project p, Actor actor, long id) {
        Instant now = clock.instant();
        return store.write(tx -> {
            MaintenanceWindow old = tx.alertRules().window(id).filter(w -> w.projectId() == p.id())
                    .orElseThrow(() -> new NotFoundException("no maintenance window " + id + " in project '" + p.slug() + "'"));
            tx.alertRules().deleteWindow(id);
            audit.record(tx, actor, "window.delete", p.id(), Long.toString(id), AlertRuleViews.window(old, now), null);
            tx.incidents().recheckHeld(p.id(), now);
            return old;
        });
    }

    /** The project's routes and policies as the API shows them: what an editor starts from. */
    public static Map<String, Object> routeView(AlertRoute r) {
        return AlertRuleViews.route(r);
    }

    public static Map<String, Object> policyView(EscalationPolicy p) {
        return AlertRuleViews.policy(p);
    }

    static NotFoundException noPolicy(Project p, String name) {
        return new NotFoundException("no escalation policy '" + name + "' in project '" + p.slug() + "'");
    }

    static Set<String> channelNames(Tx tx, Project p) {
        return tx.channels().byProject(p.id()).stream().map(Channel::name).collect(Collectors.toSet());
    }
}
