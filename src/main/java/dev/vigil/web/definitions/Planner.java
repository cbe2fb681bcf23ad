package dev.vigil.web.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Managed;
import dev.vigil.domain.Project;
import dev.vigil.store.Tx;
import dev.vigil.web.ApiForms;
import dev.vigil.web.definitions.Document.Def;
import dev.vigil.web.definitions.Document.ProjectDef;
import dev.vigil.web.definitions.Plan.Action;
import dev.vigil.web.definitions.Plan.Change;
import dev.vigil.web.definitions.Plan.Diff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a document with what is stored and says what applying it changes. Objects are compared
 * as the API shows their definitions (defaults filled in, durations formatted one way, field order
 * irrelevant), so that applying the same document twice plans nothing the second time.
 */
public final class Planner {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JOB_SECRETS = Set.of("env", "http.headers");

    private final ChannelRegistry registry;

    public Planner(ChannelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Reads and checks {@code root}, then plans it against the store as {@code tx} sees it.
     *
     * @throws InvalidDocument with every error: the document's own, and objects it may not take over
     */
    public Plan plan(Tx tx, JsonNode root, Plan.Options options, java.time.Instant now) {
        Document.Existing existing = new Document.Existing() {
            @Override
            public Project project(String slug) {
                return tx.projects().bySlug(slug).orElse(null);
            }

            @Override
            public Set<String> remaining(String slug, String kind) {
                Project p = project(slug);
                if (p == null) return Set.of();
                Set<String> names = new HashSet<>(kind.equals(Managed.CHANNEL)
                        ? tx.channels().byProject(p.id()).stream().map(Channel::name).toList()
                        : tx.alertRules().policies(p.id()).stream().map(x -> x.name()).toList());
                if (options.prune()) names.removeAll(ours(tx, p, kind, options.source()));
                return names;
            }

            @Override
            public boolean jobRemains(String slug, String job) {
                Project p = project(slug);
                if (p == null || tx.jobs().bySlug(p.id(), job).isEmpty()) return false;
                return !options.prune() || !ours(tx, p, Managed.JOB, options.source()).contains(job);
            }
        };
        Document doc = Document.read(root, registry, existing, now);
        Run run = new Run(tx, options);
        for (ProjectDef p : doc.projects().values()) run.project(p);
        if (options.prune()) {
            for (long id : tx.managed().projectsOf(options.source())) {
                Project p = tx.projects().byId(id).orElse(null);
                if (p != null && !doc.projects().containsKey(p.slug())) run.prune(p, Map.of(), false);
            }
        }
        if (!run.errors.isEmpty()) throw new InvalidDocument(run.errors);
        return new Plan(doc, options, run.changes, run.unchanged);
    }

    /** What {@code source} manages of a kind in the project: the names of existing objects it marked. */
    private static Set<String> ours(Tx tx, Project p, String kind, String source) {
        Set<String> names = new HashSet<>();
        for (Managed m : tx.managed().byProject(p.id())) {
            if (m.kind().equals(kind) && m.source().equals(source) && m.marks(key(tx, p, kind, m.name()))) names.add(m.name());
        }
        return names;
    }

    /**
     * Which object has this name now, as a {@link Managed#objectKey()}: a job's uuid, another object's
     * id; null when there is none; empty for routes, which are one list per project.
     */
    static String key(Tx tx, Project p, String kind, String name) {
        return switch (kind) {
            case Managed.JOB -> tx.jobs().bySlug(p.id(), name).map(j -> j.uuid().toString()).orElse(null);
            case Managed.CHANNEL -> tx.channels().byProject(p.id()).stream().filter(c -> c.name().equals(name))
                    .map(c -> Long.toString(c.id())).findFirst().orElse(null);
            case Managed.POLICY -> tx.alertRules().policy(p.id(), name).map(x -> Long.toString(x.id())).orElse(null);
            case Managed.WINDOW -> tx.alertRules().windows(p.id()).stream().filter(w -> w.name().equals(name))
                    .map(w -> Long.toString(w.id())).findFirst().orElse(null);
            default -> "";
        };
    }

    /** The mark, if it is of the object with this key: one made anew in the API under a marked name is not managed. */
    private static Managed valid(Managed mark, String key) {
        return mark == null || key == null || mark.marks(key) ? mark : null;
    }

    /** One planning: the changes found so far, the errors, and how many objects are as defined. */
    private final class Run {
        private final Tx tx;
        private final Plan.Options options;
        final List<Change> changes = new ArrayList<>();
        final List<InvalidDocument.Error> errors = new ArrayList<>();
        int unchanged;

        Run(Tx tx, Plan.Options options) {
            this.tx = tx;
            this.options = options;
        }

        void project(ProjectDef d) {
            String slug = d.slug();
            Project p = tx.projects().bySlug(slug).orElse(null);
            List<Diff> named = d.name() == null ? List.of() : List.of(new Diff("name", p == null ? NullNode.getInstance() : text(p.name()), text(d.name())));
            if (p == null) changes.add(new Change(slug, "project", slug, Action.CREATE, named));
            else if (d.name() != null && !d.name().equals(p.name())) changes.add(new Change(slug, "project", slug, Action.UPDATE, named));
            Map<String, Managed> marks = new HashMap<>();
            if (p != null) tx.managed().byProject(p.id()).forEach(m -> marks.put(m.kind() + "/" + m.name(), m));
            List<Channel> channels = p == null ? List.of() : tx.channels().byProject(p.id());
            for (Def<Channel> c : d.channels().values()) {
                Channel current = channels.stream().filter(x -> x.name().equals(c.name())).findFirst().orElse(null);
                Managed mark = valid(marks.get(Managed.CHANNEL + "/" + c.name()), current == null ? null : Long.toString(current.id()));
                Set<String> secrets = new HashSet<>();
                for (String f : registry.secretFields(c.value().kind())) secrets.add("config." + f);
                if (current != null) for (String f : registry.secretFields(current.kind())) secrets.add("config." + f);
                // A value the files take from a variable or a file is a secret whatever the field, now or before.
                for (String f : c.secretRefs().keySet()) secrets.add("config." + f);
                if (mark != null) for (String f : mark.secretRefs().keySet()) secrets.add("config." + f);
                compare(slug, Managed.CHANNEL, c.name(), c.at(),
                        current == null ? null : channel(current, mark == null ? Map.of() : mark.secretRefs()),
                        channel(c.value(), c.secretRefs()), mark, secrets);
            }
            for (Def<dev.vigil.domain.EscalationPolicy> x : d.policies().values()) {
                var current = p == null ? null : tx.alertRules().policy(p.id(), x.name()).orElse(null);
                compare(slug, Managed.POLICY, x.name(), x.at(), current == null ? null : tree(ApiForms.policy(current)),
                        tree(ApiForms.policy(x.value())),
                        valid(marks.get(Managed.POLICY + "/" + x.name()), current == null ? null : Long.toString(current.id())), Set.of());
            }
            if (d.routes() != null) {
                var current = p == null ? List.<dev.vigil.domain.AlertRoute>of() : tx.alertRules().routes(p.id());
                Managed mark = marks.get(Managed.ROUTES + "/");
                compare(slug, Managed.ROUTES, Managed.ROUTES, d.routes().at(), current.isEmpty() && mark == null ? null : routes(current),
                        routes(d.routes().value()), mark, Set.of());
            }
            List<dev.vigil.domain.MaintenanceWindow> windows = p == null ? List.of() : tx.alertRules().windows(p.id());
            for (Def<dev.vigil.domain.MaintenanceWindow> w : d.windows().values()) {
                var current = windows.stream().filter(x -> x.name().equals(w.name())).findFirst().orElse(null);
                compare(slug, Managed.WINDOW, w.name(), w.at(), current == null ? null : tree(ApiForms.window(current)),
                        tree(ApiForms.window(w.value())),
                        valid(marks.get(Managed.WINDOW + "/" + w.name()), current == null ? null : Long.toString(current.id())), Set.of());
            }
            for (Def<dev.vigil.domain.Job> j : d.jobs().values()) {
                var current = p == null ? null : tx.jobs().bySlug(p.id(), j.name()).orElse(null);
                compare(slug, Managed.JOB, j.name(), j.at(), current == null ? null : tree(ApiForms.job(current)),
                        tree(ApiForms.job(j.value())),
                        valid(marks.get(Managed.JOB + "/" + j.name()), current == null ? null : current.uuid().toString()), JOB_SECRETS);
            }
            if (options.prune() && p != null) {
                prune(p, Map.of(Managed.CHANNEL, d.channels().keySet(), Managed.POLICY, d.policies().keySet(),
                        Managed.WINDOW, d.windows().keySet(), Managed.JOB, d.jobs().keySet()), d.routes() != null);
            }
        }

        /** Deletes what this source manages in {@code p} and the document no longer defines. */
        void prune(Project p, Map<String, Set<String>> defined, boolean routesGiven) {
            for (Managed m : tx.managed().byProject(p.id())) {
                if (!m.source().equals(options.source())) continue;
                if (m.kind().equals(Managed.ROUTES)) {
                    if (!routesGiven && !tx.alertRules().routes(p.id()).isEmpty()) {
                        changes.add(new Change(p.slug(), Managed.ROUTES, Managed.ROUTES, Action.DELETE, List.of()));
                    }
                } else if (!defined.getOrDefault(m.kind(), Set.of()).contains(m.name())) {
                    String key = key(tx, p, m.kind(), m.name());
                    if (key != null && m.marks(key)) changes.add(new Change(p.slug(), m.kind(), m.name(), Action.DELETE, List.of()));
                }
            }
        }

        private void compare(String project, String kind, String name, String at, JsonNode current, JsonNode desired,
                             Managed mark, Set<String> secrets) {
            if (current == null) {
                changes.add(new Change(project, kind, name, Action.CREATE, List.of()));
                return;
            }
            List<Diff> diff = diff(current, desired, secrets);
            if (mark == null) {
                if (options.adopt()) changes.add(new Change(project, kind, name, Action.ADOPT, diff));
                else errors.add(new InvalidDocument.Error(at, "exists and is not managed by apply; adopt it with --adopt"));
            } else if (!mark.source().equals(options.source())) {
                errors.add(new InvalidDocument.Error(at, "is managed by another apply source, '" + mark.source()
                        + "' (this one is '" + options.source() + "')"));
            } else if (diff.isEmpty()) {
                unchanged++;
            } else {
                changes.add(new Change(project, kind, name, Action.UPDATE, diff));
            }
        }
    }

    static JsonNode channel(Channel c, Map<String, String> secretRefs) {
        ObjectNode node = (ObjectNode) tree(ApiForms.channel(c));
        node.set("secretRefs", JSON.valueToTree(new java.util.TreeMap<>(secretRefs)));
        return node;
    }

    static JsonNode routes(List<dev.vigil.domain.AlertRoute> routes) {
        return tree(Map.of("routes", routes.stream().map(ApiForms::route).toList()));
    }

    static JsonNode tree(Object view) {
        return dev.vigil.web.Json.MAPPER.valueToTree(view);
    }

    private static JsonNode text(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
    }

    /** The fields that differ, by dot path; objects are compared field by field, lists whole. */
    static List<Diff> diff(JsonNode before, JsonNode after, Set<String> secrets) {
        List<Diff> out = new ArrayList<>();
        walk("", before, after, secrets, out);
        return out;
    }

    private static void walk(String path, JsonNode b, JsonNode a, Set<String> secrets, List<Diff> out) {
        JsonNode before = b == null ? NullNode.getInstance() : b;
        JsonNode after = a == null ? NullNode.getInstance() : a;
        if (before.equals(after)) return;
        boolean objects = (before.isObject() || before.isNull()) && (after.isObject() || after.isNull());
        if (objects) {
            Set<String> fields = new java.util.LinkedHashSet<>();
            before.fieldNames().forEachRemaining(fields::add);
            after.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) walk(path.isEmpty() ? f : path + "." + f, before.get(f), after.get(f), secrets, out);
            return;
        }
        boolean secret = secrets.stream().anyMatch(s -> path.equals(s) || path.startsWith(s + ".") || s.startsWith(path + "."));
        out.add(new Diff(path, secret && !before.isNull() ? Plan.SECRET : before, secret && !after.isNull() ? Plan.SECRET : after));
    }
}
