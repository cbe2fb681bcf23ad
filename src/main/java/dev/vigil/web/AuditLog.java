package dev.vigil.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.domain.Actor;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.AuditEntry;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Run;
import dev.vigil.ingest.Audit;
import dev.vigil.security.Sight;
import dev.vigil.store.Tx;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the audit log (PRODUCT.md §9) for the API and the dashboard: who (the request's key or
 * session, and its address), what (before and after as the API shows them, secrets left out) and
 * when. A route records inside the transaction of its change; changes made by the writer carry
 * {@link #by} on their command and are recorded in the writer's transaction.
 */
public final class AuditLog implements Audit.Snapshots {
    static final String REDACTED = "[redacted]";
    /** Whatever can ping a job: left out altogether. */
    private static final Set<String> DROPPED = Set.of("uuid", "pingUrl", "pingKey", "hash");
    /** Values that are, or often carry, secrets: kept by name, their values masked. */
    private static final List<String> SECRET = List.of("secret", "password", "token", "apikey", "routingkey",
            "integrationkey", "authorization", "auth", "headers", "env");
    /** The job view's fields that are state, not definition: they change without anyone changing the job. */
    private static final Set<String> JOB_STATE = Set.of("scheduleText", "effectiveGrace", "status", "health", "alerting",
            "statusSince", "lastStartedAt", "lastSucceededAt", "lastFailedAt", "lastPingAt", "expectedAt", "nextDeadline",
            "nextFireTimes");

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** The caller of an API request: its key and address. */
    static Actor actor(Context ctx) {
        ApiKey key = Auth.key(ctx);
        return key == null ? unknown(ctx) : Actor.key(key, ctx.ip());
    }

    /** A caller whose key was not found. */
    public static Actor unknown(Context ctx) {
        return new Actor(Actor.Kind.KEY, null, "unknown key", ctx.ip());
    }

    /** For a command to the writer made for this API request. */
    Audit by(Context ctx) {
        return by(actor(ctx));
    }

    public Audit by(Actor actor) {
        return new Audit(actor, this);
    }

    /** Records a change made for an API request; {@code before} and {@code after} are API views (maps) or null. */
    void record(Tx tx, Context ctx, String action, Long projectId, String target, Object before, Object after) {
        record(tx, actor(ctx), action, projectId, target, before, after);
    }

    public void record(Tx tx, Actor actor, String action, Long projectId, String target, Object before, Object after) {
        tx.audit().append(AuditEntry.of(clock.instant(), actor, action, projectId, target, json(before), json(after)));
    }

    /** An incident acknowledged or resolved (the API's and the dashboard's forms alike). */
    public void incident(Tx tx, Actor actor, boolean acknowledge, dev.vigil.domain.Incident before,
                         dev.vigil.domain.Incident after) {
        Job job = tx.jobs().byId(after.jobId()).orElse(null);
        record(tx, actor, acknowledge ? "incident.acknowledge" : "incident.resolve", after.projectId(),
                Long.toString(after.id()), IncidentRoutes.view(before, job), IncidentRoutes.view(after, job));
    }

    /** A silence created ({@code before} null) or ended early. */
    public void silence(Tx tx, Actor actor, dev.vigil.domain.Silence before, dev.vigil.domain.Silence after) {
        java.time.Instant now = clock.instant();
        record(tx, actor, before == null ? "silence.create" : "silence.expire", after.projectId(), Long.toString(after.id()),
                before == null ? null : AlertRuleViews.silence(before, now), AlertRuleViews.silence(after, now));
    }

    @Override
    public String job(Job job, JobState state) {
        Map<String, Object> view = Views.job(job, state, "", clock.instant(), Sight.ALL);
        view.keySet().removeAll(JOB_STATE);
        return json(view);
    }

    @Override
    public String run(Run run, Job job) {
        return json(Views.run(run, job));
    }

    /** A view as JSON with its secrets left out; null for null. */
    static String json(Object view) {
        if (view == null) return null;
        JsonNode tree = view instanceof String s ? parse(s) : Json.MAPPER.valueToTree(view);
        try {
            return Json.MAPPER.writeValueAsString(redact(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit view; indicates a bug", e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse; indicates a bug", e);
        }
    }

    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String name : new ArrayList<>(iterable(o))) {
                String lower = name.toLowerCase(Locale.ROOT);
                JsonNode value = o.get(name);
                if (DROPPED.contains(name)) o.remove(name);
                else if (SECRET.stream().anyMatch(lower::contains)) o.set(name, masked(value));
                else if ((lower.equals("url") || lower.endsWith("url")) && value.isTextual()) o.put(name, origin(value.asText()));
                else redact(value);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(AuditLog::redact);
        }
        return node;
    }

    private static List<String> iterable(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The same shape with every value masked: which headers or variables changed shows, not their values. */
    private static JsonNode masked(JsonNode value) {
        if (value == null || value.isNull()) return value;
        if (value instanceof ObjectNode o) {
            for (String name : iterable(o)) o.set(name, masked(o.get(name)));
            return o;
        }
        if (value instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, masked(a.get(i)));
            return a;
        }
        return TextNode.valueOf(REDACTED);
    }

    /** Scheme, host and port only: the path and query of a webhook URL are often its secret. */
    private static String origin(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) return REDACTED;
            String origin = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
            boolean more = u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")
                    || u.getRawQuery() != null || u.getRawUserInfo() != null;
            return more ? origin + "/" + REDACTED : origin;
        } catch (IllegalArgumentException e) {
            return REDACTED;
        }
    }
}
