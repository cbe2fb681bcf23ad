package dev.vigil.web.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Managed;
import dev.vigil.domain.Project;
import dev.vigil.store.JobStore;
import dev.vigil.store.Tx;
import dev.vigil.web.ApiForms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes what is defined as a definitions document (docs/jobs-as-code.md) that applies with no
 * change: defaults left out so that it reads like a hand-written file, and channel secrets by
 * reference only — their refs where apply recorded them, otherwise an environment variable to set,
 * named in {@code warnings}.
 */
public final class Exporter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ChannelRegistry registry;

    public Exporter(ChannelRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param managedOnly only what apply manages (by any source)
     * @param jobSecrets  whether jobs' environments and http headers may be shown (else left out, with a warning)
     */
    public ObjectNode export(Tx tx, List<Project> projects, boolean managedOnly, boolean jobSecrets, Instant now) {
        ObjectNode doc = NODES.objectNode();
        ObjectNode out = doc.putObject("projects");
        List<String> warnings = new ArrayList<>();
        for (Project p : projects) {
            Map<String, Managed> marks = new HashMap<>();
            tx.managed().byProject(p.id()).forEach(m -> marks.put(m.kind() + "/" + m.name(), m));
            ObjectNode project = out.putObject(p.slug());
            if (!p.name().equals(p.slug())) project.put("name", p.name());
            ArrayNode jobs = NODES.arrayNode();
            for (Job j : jobs(tx, p)) {
                if (!managedOnly || marks.containsKey(Managed.JOB + "/" + j.slug())) jobs.add(job(j, p, jobSecrets, warnings, now));
            }
            ArrayNode channels = NODES.arrayNode();
            for (Channel c : tx.channels().byProject(p.id())) {
                Managed m = marks.get(Managed.CHANNEL + "/" + c.name());
                if (!managedOnly || m != null) channels.add(channel(c, p, m == null ? Map.of() : m.secretRefs(), warnings));
            }
            ArrayNode policies = NODES.arrayNode();
            for (EscalationPolicy x : tx.alertRules().policies(p.id())) {
                if (managedOnly && !marks.containsKey(Managed.POLICY + "/" + x.name())) continue;
                ObjectNode node = policies.addObject().put("name", x.name());
                node.setAll((ObjectNode) tidy(Planner.tree(ApiForms.policy(x))));
            }
            ArrayNode windows = NODES.arrayNode();
            for (MaintenanceWindow w : tx.alertRules().windows(p.id())) {
                if (managedOnly && !marks.containsKey(Managed.WINDOW + "/" + w.name())) continue;
                ObjectNode node = windows.addObject().put("name", w.name());
                node.setAll((ObjectNode) tidy(Planner.tree(ApiForms.window(w))));
            }
            set(project, "jobs", jobs);
            set(project, "channels", channels);
            set(project, "escalationPolicies", policies);
            var routes = tx.alertRules().routes(p.id());
            if (!routes.isEmpty() && (!managedOnly || marks.containsKey(Managed.ROUTES + "/"))) {
                project.set("routes", tidy(Planner.routes(routes).get("routes")));
            }
            set(project, "maintenanceWindows", windows);
        }
        if (!warnings.isEmpty()) {
            ArrayNode w = doc.putArray("warnings");
            warnings.forEach(w::add);
        }
        return doc;
    }

    private static void set(ObjectNode project, String section, ArrayNode items) {
        if (!items.isEmpty()) project.set(section, items);
    }

    private static List<Job> jobs(Tx tx, Project p) {
        List<Job> jobs = new ArrayList<>();
        String after = null;
        while (true) {
            var page = tx.jobs().list(new JobStore.Filter(p.id(), null, null, null, after, 1_000));
            page.forEach(j -> jobs.add(j.job()));
            if (page.size() < 1_000) return jobs;
            after = page.getLast().job().key();
        }
    }

    /** The job's fields that differ from what a job with only its slug and target would have. */
    private static ObjectNode job(Job j, Project p, boolean secrets, List<String> warnings, Instant now) {
        ObjectNode view = (ObjectNode) Planner.tree(ApiForms.job(j));
        ObjectNode target = NODES.objectNode();
        for (String f : List.of("command", "http")) if (view.has(f)) target.set(f, view.get(f));
        JsonNode baseline = Planner.tree(ApiForms.job(ApiForms.job(target, p, j.slug(), now)));
        ObjectNode out = NODES.objectNode().put("slug", j.slug());
        view.fields().forEachRemaining(e -> {
            boolean kept = target.has(e.getKey()) || !e.getValue().equals(baseline.get(e.getKey()));
            if (kept && !e.getValue().isNull()) out.set(e.getKey(), e.getValue());
        });
        if (!secrets) {
            boolean env = out.remove("env") != null;
            boolean headers = out.path("http").isObject() && ((ObjectNode) out.get("http")).remove("headers") != null;
            if (env || headers) {
                warnings.add("job '" + p.slug() + "/" + j.slug() + "': its environment and http headers are not shown to this key;"
                        + " add them before applying");
            }
        }
        return out;
    }

    private ObjectNode channel(Channel c, Project p, Map<String, String> refs, List<String> warnings) {
        ObjectNode out = NODES.objectNode().put("name", c.name()).put("kind", c.kind());
        ObjectNode config = (ObjectNode) Planner.tree(ApiForms.channel(c).get("config")).deepCopy();
        bySecretRef(config, "", registry.secretFields(c.kind()), refs, p, c, warnings);
        if (!config.isEmpty()) out.set("config", config);
        if (c.fallback()) out.put("fallback", true);
        return out;
    }

    /** Replaces each secret value by its reference, or by an environment variable to set. */
    private static void bySecretRef(ObjectNode config, String prefix, Set<String> secret, Map<String, String> refs,
                                    Project p, Channel c, List<String> warnings) {
        List<String> names = new ArrayList<>();
        config.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String path = prefix + name;
            JsonNode value = config.get(name);
            if (value instanceof ObjectNode o) {
                bySecretRef(o, path + ".", secret, refs, p, c, warnings);
            } else if (refs.containsKey(path)) {
                config.set(name, SecretRefs.reference(refs.get(path)));
            } else if (SecretRefs.isSecret(path, secret) && !value.isNull()) {
                String env = ("VIGIL_SECRET_" + p.slug() + "_" + c.name() + "_" + path).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
                config.set(name, SecretRefs.reference("env:" + env));
                warnings.add("set " + env + " to the " + path + " of channel '" + c.name() + "' in project '" + p.slug() + "'");
            }
        }
    }

    /** Drops what reads back the same when absent: nulls, empty lists and objects, false. */
    static JsonNode tidy(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = tidy(o.get(name));
                if (v.isNull() || v.isContainerNode() && v.isEmpty() || v.isBoolean() && !v.asBoolean()) o.remove(name);
                else o.set(name, v);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, tidy(a.get(i)));
        }
        return node;
    }
}
