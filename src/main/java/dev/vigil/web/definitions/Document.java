package dev.vigil.web.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.web.AlertRuleInput;
import dev.vigil.web.ApiForms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A definitions document (docs/jobs-as-code.md), read and checked whole by the API's own readers:
 * every error is collected, each naming its JSON path, before anything is planned or changed.
 *
 * @param projects by slug, in the document's order
 */
public record Document(Map<String, ProjectDef> projects) {
    static final Set<String> ROOT_FIELDS = Set.of("projects");
    /** Accepted and ignored at the top: an editor's schema link and what export adds. */
    static final Set<String> ROOT_IGNORED = Set.of("$schema", "warnings");
    static final Set<String> PROJECT_FIELDS = Set.of("name", "jobs", "channels", "escalationPolicies", "routes", "maintenanceWindows");
    static final Set<String> CHANNEL_FIELDS = Set.of("kind", "name", "config", "fallback", "secretRefs");

    /**
     * One project's definitions; a section not given is empty ({@code routes}: null, the routes are
     * then left as they are unless pruned).
     *
     * @param name the display name, null when not given
     */
    public record ProjectDef(String slug, String at, String name, Map<String, Def<Job>> jobs, Map<String, Def<Channel>> channels,
                             Map<String, Def<EscalationPolicy>> policies, Def<List<AlertRoute>> routes,
                             Map<String, Def<MaintenanceWindow>> windows) {}

    /** One object as read, with where it is in the document and (channels) its secret refs. */
    public record Def<T>(String name, String at, T value, Map<String, String> secretRefs) {}

    /**
     * What exists and will still exist whatever the document says (it is not pruned): the channels,
     * escalation policies and jobs that the document's references may name besides its own.
     */
    public interface Existing {
        /** The project, null if there is none yet. */
        Project project(String slug);

        /** Channel or escalation policy names ({@link dev.vigil.domain.Managed} kinds). */
        Set<String> remaining(String project, String kind);

        boolean jobRemains(String project, String slug);
    }

    /**
     * Reads the document.
     *
     * @throws InvalidDocument with every error found
     */
    public static Document read(JsonNode root, ChannelRegistry registry, Existing existing, Instant now) {
        List<InvalidDocument.Error> errors = new ArrayList<>();
        Map<String, ProjectDef> projects = new LinkedHashMap<>();
        if (root == null || !root.isObject()) {
            throw new InvalidDocument(List.of(new InvalidDocument.Error("projects", "the document must be an object with projects")));
        }
        unknown(root, "", ROOT_FIELDS, ROOT_IGNORED, errors);
        JsonNode ps = root.get("projects");
        if (ps == null || !ps.isObject()) {
            errors.add(new InvalidDocument.Error("projects", "must be an object of projects by slug"));
        } else {
            Iterator<Map.Entry<String, JsonNode>> it = ps.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                ProjectDef p = new Reader(registry, existing, now, errors).project(e.getKey(), e.getValue(), "projects." + e.getKey());
                if (p != null) projects.put(p.slug(), p);
            }
        }
        if (!errors.isEmpty()) throw new InvalidDocument(errors);
        return new Document(projects);
    }

    private static void unknown(JsonNode node, String at, Set<String> known, Set<String> ignored, List<InvalidDocument.Error> errors) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f) && !ignored.contains(f)) {
                errors.add(new InvalidDocument.Error(at.isEmpty() ? f : at + "." + f,
                        "unknown field; expected one of " + String.join(", ", new TreeSet<>(known))));
            }
        });
    }

    private record Reader(ChannelRegistry registry, Existing existing, Instant now, List<InvalidDocument.Error> errors) {

        ProjectDef project(String slug, JsonNode node, String at) {
            if (!check("", () -> Project.checkSlug(slug, at))) return null;
            if (!node.isObject()) {
                errors.add(new InvalidDocument.Error(at, "must be an object with " + String.join(", ", new TreeSet<>(PROJECT_FIELDS))));
                return null;
            }
            unknown(node, at, PROJECT_FIELDS, Set.of(), errors);
            String[] name = new String[1];
            JsonNode n = node.get("name");
            if (n != null && !n.isNull()) {
                if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 200) {
                    errors.add(new InvalidDocument.Error(at + ".name", "must be a non-empty string of at most 200 characters"));
                } else {
                    name[0] = n.asText();
                }
            }
            Project found = existing.project(slug);
            Project project = found != null ? found : new Project(0, slug, slug, "", now);
            Map<String, Def<Channel>> channels = new LinkedHashMap<>();
            for (Item item : items(node, at, "channels")) channel(item, project, channels);
            Set<String> channelNames = union(existing.remaining(slug, dev.vigil.domain.Managed.CHANNEL), channels.keySet());
            Map<String, Def<EscalationPolicy>> policies = new LinkedHashMap<>();
            for (Item item : items(node, at, "escalationPolicies")) policy(item, channelNames, policies);
            Set<String> policyNames = union(existing.remaining(slug, dev.vigil.domain.Managed.POLICY), policies.keySet());
            Def<List<AlertRoute>> routes = null;
            JsonNode r = node.get("routes");
            if (r != null && !r.isNull()) {
                List<AlertRoute> read = absolute(() -> AlertRuleInput.routes(r, at + ".routes", channelNames, policyNames));
                if (read != null) routes = new Def<>("", at + ".routes", read, Map.of());
            }
            Map<String, Def<Job>> jobs = new LinkedHashMap<>();
            for (Item item : items(node, at, "jobs")) job(item, project, jobs);
            java.util.function.Predicate<String> jobExists = s -> jobs.containsKey(s) || existing.jobRemains(slug, s);
            Map<String, Def<MaintenanceWindow>> windows = new LinkedHashMap<>();
            for (Item item : items(node, at, "maintenanceWindows")) window(item, jobExists, windows);
            return new ProjectDef(slug, at, name[0], jobs, channels, policies, routes, windows);
        }

        private record Item(JsonNode node, String at) {}

        private List<Item> items(JsonNode project, String at, String section) {
            JsonNode list = project.get(section);
            if (list == null || list.isNull()) return List.of();
            if (!list.isArray()) {
                errors.add(new InvalidDocument.Error(at + "." + section, "must be a list"));
                return List.of();
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String itemAt = at + "." + section + "[" + i + "]";
                if (!list.get(i).isObject()) errors.add(new InvalidDocument.Error(itemAt, "must be an object"));
                else items.add(new Item(list.get(i), itemAt));
            }
            return items;
        }

        private void job(Item item, Project project, Map<String, Def<Job>> jobs) {
            String slug = item.node().path("slug").textValue();
            if (!check(item.at(), () -> Project.checkSlug(slug, "slug"))) return;
            if (!unique(jobs, slug, item.at() + ".slug", "job")) return;
            ObjectNode body = ((ObjectNode) item.node()).deepCopy();
            body.remove("slug");
            Job job = relative(item.at(), () -> ApiForms.job(body, project, slug, now));
            // Its name is taken even when it is wrong, so that references to it are no second error.
            jobs.put(slug, new Def<>(slug, item.at(), job, Map.of()));
        }

        private void channel(Item item, Project project, Map<String, Def<Channel>> channels) {
            JsonNode node = item.node();
            String name = node.path("name").textValue();
            if (name != null && !unique(channels, name, item.at() + ".name", "channel")) return;
            ObjectNode body = ((ObjectNode) node).deepCopy();
            JsonNode refs = body.remove("secretRefs");
            unknown(node, item.at(), CHANNEL_FIELDS, Set.of(), errors);
            body.retain(ApiForms.CHANNEL_FIELDS);
            Channel channel = relative(item.at(), () -> ApiForms.channel(body, registry, project.id(), now));
            Map<String, String> secretRefs = secretRefs(refs, node.get("config"), item.at());
            if (name != null) channels.put(name, new Def<>(name, item.at(), channel, secretRefs));
        }

        private Map<String, String> secretRefs(JsonNode refs, JsonNode config, String at) {
            if (refs == null || refs.isNull()) return Map.of();
            if (!refs.isObject()) {
                errors.add(new InvalidDocument.Error(at + ".secretRefs", "must be an object: config field path → env:NAME or file:PATH"));
                return Map.of();
            }
            Map<String, String> out = new java.util.TreeMap<>();
            refs.fields().forEachRemaining(e -> {
                String field = at + ".secretRefs." + e.getKey();
                String ref = e.getValue().textValue();
                if (!SecretRefs.isRef(ref)) errors.add(new InvalidDocument.Error(field, "must be env:NAME or file:PATH"));
                else if (leaf(config, e.getKey()) == null) errors.add(new InvalidDocument.Error(field, "no config field " + e.getKey()));
                else out.put(e.getKey(), ref);
            });
            return out;
        }

        private static JsonNode leaf(JsonNode config, String path) {
            JsonNode n = config;
            for (String part : path.split("\\.", -1)) {
                if (n == null || !n.isObject()) return null;
                n = n.get(part);
            }
            return n == null || n.isNull() || n.isContainerNode() ? null : n;
        }

        private void policy(Item item, Set<String> channelNames, Map<String, Def<EscalationPolicy>> policies) {
            String name = item.node().path("name").textValue();
            if (!check(item.at(), () -> AlertRuleInput.checkPolicyName(name, "name"))) return;
            if (!unique(policies, name, item.at() + ".name", "escalation policy")) return;
            EscalationPolicy p = absolute(() -> AlertRuleInput.policy(item.node(), item.at(), name, channelNames, 0, now));
            policies.put(name, new Def<>(name, item.at(), p, Map.of()));
        }

        private void window(Item item, java.util.function.Predicate<String> jobExists, Map<String, Def<MaintenanceWindow>> windows) {
            String name = item.node().path("name").textValue();
            if (name != null && !unique(windows, name, item.at() + ".name", "maintenance window")) return;
            MaintenanceWindow w = relative(item.at(), () -> ApiForms.window(item.node(), 0, jobExists, "apply", now));
            if (name != null) windows.put(name, new Def<>(name, item.at(), w, Map.of()));
        }

        private <T> boolean unique(Map<String, T> seen, String name, String field, String what) {
            if (!seen.containsKey(name)) return true;
            errors.add(new InvalidDocument.Error(field, "another " + what + " of this project is named '" + name + "'"));
            return false;
        }

        private boolean check(String at, Supplier<?> check) {
            return relative(at, check) != null;
        }

        /** Runs a reader whose errors name a field below {@code at}; null (and the error kept) when it fails. */
        private <T> T relative(String at, Supplier<T> read) {
            try {
                return read.get();
            } catch (ValidationException e) {
                errors.add(InvalidDocument.of(at, e));
                return null;
            }
        }

        /** Runs a reader whose errors name their whole path already. */
        private <T> T absolute(Supplier<T> read) {
            return relative("", read);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
