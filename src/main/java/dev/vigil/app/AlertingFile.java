package dev.vigil.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.Actor;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.Transactor;
import dev.vigil.web.AuditLog;
import dev.vigil.web.definitions.Applier;
import dev.vigil.web.definitions.Plan;
import dev.vigil.web.definitions.Planner;
import dev.vigil.web.definitions.SecretRefs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Alerting as configuration ({@code VIGIL_ALERTING}, usually {@code VIGIL_ALERTING_FILE}): a
 * definitions document (docs/jobs-as-code.md) without jobs, applied at every start by Vigil itself
 * in one transaction, all or nothing, as apply source {@value #SOURCE} that adopts what exists and
 * never prunes: the channels, escalation policies, routes and maintenance windows it names are made
 * to match it; a project that does not exist is created. Channel secrets may be given as
 * {@code {"fromEnv": "NAME"}} or {@code {"fromFile": "PATH"}} ({@link SecretRefs}).
 */
final class AlertingFile {
    static final String SETTING = "VIGIL_ALERTING";
    static final String SOURCE = "VIGIL_ALERTING";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertingFile() {}

    static void apply(Transactor store, String json, ChannelRegistry registry, Instant now) {
        apply(store, json, registry, now, System.getenv());
    }

    static void apply(Transactor store, String json, ChannelRegistry registry, Instant now, Map<String, String> env) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException(SETTING, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new ValidationException(SETTING, "must be a JSON object with \"projects\"");
        resolveSecrets(root, env);
        Plan.Options options = new Plan.Options(SOURCE, true, false);
        Applier applier = new Applier(new AuditLog(Clock.fixed(now, ZoneOffset.UTC)), Actor.SYSTEM, now);
        store.write(tx -> {
            Plan plan = new Planner(registry).plan(tx, root, options, now);
            for (String slug : Applier.projects(plan)) applier.project(tx, plan, slug);
            return null;
        });
    }

    /** Jobs are the writer's, which does not run yet at start: they are applied with vigil apply. Secrets by reference are read here. */
    private static void resolveSecrets(JsonNode root, Map<String, String> env) {
        JsonNode projects = root.get("projects");
        if (projects == null || !projects.isObject()) return;
        projects.fields().forEachRemaining(p -> {
            String at = "projects." + p.getKey();
            if (p.getValue().has("jobs")) throw new ValidationException(at + ".jobs", "jobs are defined with vigil apply, not in " + SETTING);
            JsonNode channels = p.getValue().get("channels");
            if (channels == null || !channels.isArray()) return;
            for (int i = 0; i < channels.size(); i++) {
                if (!(channels.get(i) instanceof ObjectNode channel) || !(channel.get("config") instanceof ObjectNode config)) continue;
                SecretRefs.Resolved r = SecretRefs.resolve(config, at + ".channels[" + i + "].config", env, Path.of(""));
                channel.set("config", r.config());
                if (!r.refs().isEmpty() && !channel.has("secretRefs")) channel.set("secretRefs", MAPPER.valueToTree(r.refs()));
            }
        });
    }
}
