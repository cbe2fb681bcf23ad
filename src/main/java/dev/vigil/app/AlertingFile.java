package dev.vigil.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import dev.vigil.web.AlertRuleInput;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Alerting as configuration ({@code VIGIL_ALERTING}, usually {@code VIGIL_ALERTING_FILE}), applied at
 * every start in one transaction, all or nothing: per project, channels missing by name are created
 * (existing ones are left as they are), escalation policies are created or replaced, and the routes,
 * when given, replace the project's. A project that does not exist is created. Validation is the API's
 * ({@link AlertRuleInput}); errors name the JSON path, e.g. {@code projects.prod.routes[1].channels[0]}.
 */
final class AlertingFile {
    static final String SETTING = "VIGIL_ALERTING";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> PROJECT_FIELDS = Set.of("channels", "routes", "escalationPolicies");
    private static final Set<String> CHANNEL_FIELDS = Set.of("kind", "name", "config", "fallback");

    private AlertingFile() {}

    static void apply(Transactor store, String json, ChannelRegistry registry, Instant now) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException(SETTING, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new ValidationException(SETTING, "must be a JSON object with \"projects\"");
        rejectUnknown(root, "", Set.of("projects"));
        JsonNode projects = root.get("projects");
        if (projects == null || !projects.isObject()) throw new ValidationException("projects", "must be an object of projects by slug");
        store.write(tx -> {
            Iterator<Map.Entry<String, JsonNode>> it = projects.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                project(tx, e.getKey(), e.getValue(), "projects." + e.getKey(), registry, now);
            }
            return null;
        });
    }

    private static void project(Tx tx, String slug, JsonNode node, String at, ChannelRegistry registry, Instant now) {
        Project.checkSlug(slug, at);
        // Created when missing, so that a first start can come up fully configured.
        Project p = tx.projects().bySlug(slug).orElseGet(() -> {
            Project made = tx.projects().insert(slug, slug, ApiKeys.random(22), now);
            audit(tx, now, "project.create", made, slug, "{\"slug\": \"" + slug + "\"}");
            return made;
        });
        if (!node.isObject()) throw new ValidationException(at, "must be an object with channels, routes, escalationPolicies");
        rejectUnknown(node, at + ".", PROJECT_FIELDS);
        JsonNode channels = node.get("channels");
        if (channels != null && !channels.isNull()) {
            if (!channels.isArray()) throw new ValidationException(at + ".channels", "must be a list of channels");
            for (int i = 0; i < channels.size(); i++) channel(tx, p, channels.get(i), at + ".channels[" + i + "]", registry, now);
        }
        Set<String> channelNames = tx.channels().byProject(p.id()).stream().map(Channel::name).collect(Collectors.toSet());
        JsonNode policies = node.get("escalationPolicies");
        if (policies != null && !policies.isNull()) {
            if (!policies.isArray()) throw new ValidationException(at + ".escalationPolicies", "must be a list of policies");
            for (int i = 0; i < policies.size(); i++) {
                String pat = at + ".escalationPolicies[" + i + "]";
                JsonNode policy = policies.get(i);
                String name = AlertRuleInput.checkPolicyName(policy.path("name").textValue(), pat + ".name");
                boolean existed = tx.alertRules().policies(p.id()).stream().anyMatch(x -> x.name().equals(name));
                tx.alertRules().putPolicy(AlertRuleInput.policy(policy, pat, name, channelNames, p.id(), now));
                audit(tx, now, existed ? "policy.update" : "policy.create", p, p.slug() + "/" + name, null);
            }
        }
        JsonNode routes = node.get("routes");
        if (routes != null && !routes.isNull()) {
            Set<String> policyNames = tx.alertRules().policies(p.id()).stream().map(EscalationPolicy::name).collect(Collectors.toSet());
            tx.alertRules().replaceRoutes(p.id(), AlertRuleInput.routes(routes, at + ".routes", channelNames, policyNames), now);
            audit(tx, now, "routes.replace", p, p.slug(), null);
        }
    }

    /** Creates the channel unless the project has one of that name, which is then left untouched. */
    private static void channel(Tx tx, Project p, JsonNode node, String at, ChannelRegistry registry, Instant now) {
        if (!node.isObject()) throw new ValidationException(at, "must be an object with kind, name, config");
        rejectUnknown(node, at + ".", CHANNEL_FIELDS);
        String kind = node.path("kind").textValue();
        if (kind == null || !registry.kinds().contains(kind)) {
            throw new ValidationException(at + ".kind", "must be one of " + registry.kinds());
        }
        String name = node.path("name").textValue();
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ValidationException(at + ".name", "is required, at most 100 characters");
        }
        JsonNode config = node.get("config");
        if (config != null && !config.isNull() && !config.isObject()) throw new ValidationException(at + ".config", "must be an object");
        String configJson = config == null || config.isNull() ? "{}" : config.toString();
        try {
            registry.validate(kind, configJson);
        } catch (ValidationException e) {
            String field = e.field() == null ? "config" : e.field();
            throw new ValidationException(at + "." + field, e.getMessage().substring(e.field() == null ? 0 : field.length() + 2));
        }
        JsonNode fallback = node.get("fallback");
        if (fallback != null && !fallback.isNull() && !fallback.isBoolean()) throw new ValidationException(at + ".fallback", "must be true or false");
        boolean exists = tx.channels().byProject(p.id()).stream().anyMatch(c -> c.name().equals(name));
        if (!exists) {
            tx.channels().insert(new Channel(0, p.id(), kind, name, configJson, now, fallback != null && fallback.asBoolean(), null, null));
            // Its config is not shown: it may hold a receiver's secret.
            audit(tx, now, "channel.create", p, p.slug() + "/" + name, "{\"kind\": \"" + kind + "\", \"name\": " + MAPPER.valueToTree(name) + "}");
        }
    }

    /** What this file changed, in the audit log, by Vigil itself ({@code VIGIL_ALERTING} at start), in the same transaction. */
    private static void audit(Tx tx, Instant now, String action, Project p, String target, String after) {
        tx.audit().append(dev.vigil.domain.AuditEntry.of(now, dev.vigil.domain.Actor.SYSTEM, action, p.id(), target, null, after));
    }

    private static void rejectUnknown(JsonNode node, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new ValidationException(prefix + f, "unknown field; expected one of " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        });
    }
}
