package dev.vigil.web.definitions;

import dev.vigil.domain.Actor;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Managed;
import dev.vigil.domain.Project;
import dev.vigil.ingest.Audit;
import dev.vigil.ingest.Command;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Tx;
import dev.vigil.web.ApiForms;
import dev.vigil.web.AuditLog;
import dev.vigil.web.ChannelChanges;
import dev.vigil.web.definitions.Document.Def;
import dev.vigil.web.definitions.Document.ProjectDef;
import dev.vigil.web.definitions.Plan.Action;
import dev.vigil.web.definitions.Plan.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link Plan}, one project at a time: the project, its channels, escalation policies,
 * routes and maintenance windows and which source manages them are written in the caller's
 * transaction, each change recorded in the audit log by {@code actor}; the project's jobs are
 * defined and deleted by the single writer, which owns them: {@link #project} returns those
 * commands, audited, for the caller to submit once the transaction committed.
 */
public final class Applier {
    private final AuditLog audit;
    private final Actor actor;
    private final Instant now;

    public Applier(AuditLog audit, Actor actor, Instant now) {
        this.audit = audit;
        this.actor = actor;
        this.now = now;
    }

    /** The projects that the plan changes, in its order. */
    public static List<String> projects(Plan plan) {
        return plan.changes().stream().map(Change::project).distinct().toList();
    }

    /**
     * Writes the plan's changes to project {@code slug} but its jobs.
     *
     * @return the writer's commands for its jobs, in order
     * @throws ConflictException when a channel or policy to delete is still used by routes or policies
     *                           that the document does not change
     */
    public List<Command> project(Tx tx, Plan plan, String slug) {
        List<Change> changes = plan.changes().stream().filter(c -> c.project().equals(slug)).toList();
        if (changes.isEmpty()) return List.of();
        ProjectDef d = plan.document().projects().get(slug);
        Project p = tx.projects().bySlug(slug).orElse(null);
        for (Change c : changes) {
            if (!c.kind().equals("project")) continue;
            String name = d.name() == null ? slug : d.name();
            if (c.action() == Action.CREATE) {
                p = tx.projects().insert(slug, name, ApiKeys.random(22), now);
                audit.record(tx, actor, "project.create", p.id(), slug, null, Map.of("slug", slug, "name", name));
            } else {
                tx.projects().rename(p.id(), name);
                audit.record(tx, actor, "project.update", p.id(), slug, Map.of("slug", slug, "name", p.name()), Map.of("slug", slug, "name", name));
            }
        }
        List<Command> jobs = new ArrayList<>();
        for (Change c : changes) {
            if (c.action() != Action.DELETE && !c.kind().equals("project")) upsert(tx, p, d, c, jobs);
        }
        // Deletes last, the things that name others first: routes and policies may name a channel.
        for (String kind : List.of(Managed.WINDOW, Managed.ROUTES, Managed.POLICY, Managed.CHANNEL, Managed.JOB)) {
            for (Change c : changes) {
                if (c.action() == Action.DELETE && c.kind().equals(kind)) delete(tx, p, c, jobs);
            }
        }
        if (d != null) mark(tx, p, d, plan.options().source());
        return jobs;
    }

    private void upsert(Tx tx, Project p, ProjectDef d, Change c, List<Command> jobs) {
        String target = p.slug() + "/" + c.name();
        String action = c.action().wire();
        // Adopting what already is as defined only marks it: a job is not redefined, a channel keeps its failing mark.
        boolean marksOnly = c.action() == Action.ADOPT && c.diff().isEmpty()
                || c.kind().equals(Managed.CHANNEL) && c.action() != Action.CREATE
                        && c.diff().stream().allMatch(x -> x.field().startsWith("secretRefs."));
        if (marksOnly) {
            String kind = c.kind().equals(Managed.POLICY) ? "policy" : c.kind().equals(Managed.WINDOW) ? "window" : c.kind();
            Map<String, Object> refs = c.kind().equals(Managed.CHANNEL) ? Map.of("secretRefs", d.channels().get(c.name()).secretRefs()) : null;
            String at = switch (c.kind()) {
                case Managed.ROUTES -> p.slug();
                case Managed.WINDOW -> Long.toString(window(tx, p, c.name()).id());
                default -> target;
            };
            audit.record(tx, actor, kind + "." + action, p.id(), at, null, refs);
            return;
        }
        switch (c.kind()) {
            case Managed.CHANNEL -> {
                Channel want = d.channels().get(c.name()).value();
                Channel old = channel(tx, p, c.name());
                Channel stored = old == null
                        ? tx.channels().insert(new Channel(0, p.id(), want.kind(), want.name(), want.config(), now, want.fallback(), null, null))
                        : tx.channels().update(new Channel(old.id(), p.id(), want.kind(), want.name(), want.config(), old.createdAt(),
                                want.fallback(), null, null)).orElseThrow();
                audit.record(tx, actor, "channel." + action, p.id(), target, old == null ? null : ChannelChanges.audited(old), ChannelChanges.audited(stored));
            }
            case Managed.POLICY -> {
                EscalationPolicy want = d.policies().get(c.name()).value();
                var old = tx.alertRules().policy(p.id(), c.name()).map(ApiForms::policy).orElse(null);
                EscalationPolicy put = new EscalationPolicy(0, p.id(), want.name(), want.steps(), want.repeatEvery(), want.repeatTimes(), now);
                tx.alertRules().putPolicy(put);
                audit.record(tx, actor, "policy." + action, p.id(), target, old, ApiForms.policy(put));
            }
            case Managed.ROUTES -> {
                List<AlertRoute> old = tx.alertRules().routes(p.id());
                List<AlertRoute> routes = d.routes().value();
                tx.alertRules().replaceRoutes(p.id(), routes, now);
                audit.record(tx, actor, "routes.replace", p.id(), p.slug(), routesView(old), routesView(routes));
            }
            case Managed.WINDOW -> {
                MaintenanceWindow want = d.windows().get(c.name()).value();
                MaintenanceWindow old = window(tx, p, c.name());
                if (old != null) tx.alertRules().deleteWindow(old.id());
                MaintenanceWindow stored = tx.alertRules().insertWindow(new MaintenanceWindow(0, p.id(), want.name(), want.job(),
                        want.tag(), want.cron(), want.duration(), want.timezone(), want.comment(), actor.name(), now));
                tx.incidents().recheckHeld(p.id(), now);
                // By id, as the API records windows.
                audit.record(tx, actor, "window." + action, p.id(), Long.toString(stored.id()), old == null ? null : window(old), window(stored));
            }
            case Managed.JOB -> {
                Job want = d.jobs().get(c.name()).value();
                jobs.add(audited(new Command.Define(want.withIdentity(0, want.uuid(), p.id(), now, now))));
            }
            default -> throw new IllegalStateException("no way to apply a " + c.kind() + "; indicates a bug");
        }
    }

    private void delete(Tx tx, Project p, Change c, List<Command> jobs) {
        String target = p.slug() + "/" + c.name();
        switch (c.kind()) {
            case Managed.WINDOW -> {
                MaintenanceWindow old = window(tx, p, c.name());
                tx.alertRules().deleteWindow(old.id());
                tx.incidents().recheckHeld(p.id(), now);
                audit.record(tx, actor, "window.delete", p.id(), Long.toString(old.id()), window(old), null);
            }
            case Managed.ROUTES -> {
                List<AlertRoute> old = tx.alertRules().routes(p.id());
                tx.alertRules().replaceRoutes(p.id(), List.of(), now);
                audit.record(tx, actor, "routes.replace", p.id(), p.slug(), routesView(old), routesView(List.of()));
            }
            case Managed.POLICY -> {
                for (AlertRoute r : tx.alertRules().routes(p.id())) {
                    if (c.name().equals(r.escalation())) {
                        throw new ConflictException("escalation policy '" + c.name() + "' of project '" + p.slug()
                                + "' is still used by a route; change the routes first");
                    }
                }
                var old = tx.alertRules().policy(p.id(), c.name()).map(ApiForms::policy).orElse(null);
                tx.alertRules().deletePolicy(p.id(), c.name());
                audit.record(tx, actor, "policy.delete", p.id(), target, old, null);
            }
            case Managed.CHANNEL -> {
                Channel old = channel(tx, p, c.name());
                ApiForms.refuseIfUsed(tx, p, c.name());
                tx.channels().delete(old.id());
                audit.record(tx, actor, "channel.delete", p.id(), target, ChannelChanges.audited(old), null);
            }
            case Managed.JOB -> tx.jobs().bySlug(p.id(), c.name()).ifPresent(j -> jobs.add(audited(new Command.Delete(j.id()))));
            default -> throw new IllegalStateException("no way to delete a " + c.kind() + "; indicates a bug");
        }
        tx.managed().delete(p.id(), c.kind(), c.kind().equals(Managed.ROUTES) ? "" : c.name());
    }

    /** Everything the document defines in the project is managed by its source from now on. */
    private void mark(Tx tx, Project p, ProjectDef d, String source) {
        for (Def<Channel> c : d.channels().values()) put(tx, p, Managed.CHANNEL, c.name(), source, null, c.secretRefs());
        for (String name : d.policies().keySet()) put(tx, p, Managed.POLICY, name, source, null, null);
        if (d.routes() != null) tx.managed().put(new Managed(p.id(), Managed.ROUTES, "", source, null, null), now);
        for (String name : d.windows().keySet()) put(tx, p, Managed.WINDOW, name, source, null, null);
        // A job the writer is about to create will have the uuid it was read with.
        for (Def<Job> j : d.jobs().values()) put(tx, p, Managed.JOB, j.name(), source, j.value().uuid().toString(), null);
    }

    private void put(Tx tx, Project p, String kind, String name, String source, String created, Map<String, String> refs) {
        String key = Planner.key(tx, p, kind, name);
        tx.managed().put(new Managed(p.id(), kind, name, source, key != null ? key : created, refs), now);
    }

    private Command audited(Command change) {
        return Audit.of(audit.by(actor), change);
    }

    private static Channel channel(Tx tx, Project p, String name) {
        return tx.channels().byProject(p.id()).stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static MaintenanceWindow window(Tx tx, Project p, String name) {
        return tx.alertRules().windows(p.id()).stream().filter(w -> w.name().equals(name)).findFirst().orElse(null);
    }

    private static Map<String, Object> window(MaintenanceWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("name", w.name());
        m.putAll(ApiForms.window(w));
        return m;
    }

    private static Map<String, Object> routesView(List<AlertRoute> routes) {
        return Map.of("routes", routes.stream().map(ApiForms::route).toList());
    }
}
