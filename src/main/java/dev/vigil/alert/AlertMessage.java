package dev.vigil.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.VigilException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one alert says, independent of where it goes: built once when the notification is enqueued
 * and stored as the notification's JSON payload, so that a later rename of the job does not change
 * what an already-raised incident says. Each channel renders it in its own format; {@link AlertText}
 * has the shared wording.
 *
 * <p>An alert is about one <em>incident</em>: it opens when a job becomes unhealthy, missed or
 * overdue (or, for warnings, late) and resolves when the job recovers or someone resolves it by hand.
 * Receivers that deduplicate key on {@link #incidentKey} (PagerDuty {@code dedup_key}, Opsgenie
 * {@code alias}, Alertmanager labels): every message about one incident carries the same key.
 *
 * @param action      {@code trigger} (the incident opened, escalated or is repeated),
 *                    {@code acknowledge} (someone took it) or {@code resolve}
 * @param severity    {@code critical} (unhealthy, missed, overdue) or {@code warning} (late, a tolerated failure)
 * @param incidentId  the incident's id in Vigil
 * @param incidentKey the same for every message about this incident, e.g. {@code vigil-<jobUniqueKey>-<incidentId>}
 * @param openedAt    when the incident opened
 * @param jobUniqueKey the job's {@linkplain dev.vigil.domain.Job#uniqueKey() unique key}, never its uuid: receivers
 *                    must not be able to ping; null for an alert about Vigil itself (a failing channel)
 * @param kind        {@code down} unless the action is {@code resolve}, then {@code up} (older receivers use it)
 * @param status      the job's status after the transition (wire name, e.g. {@code missed})
 * @param health      the job's health after the transition (wire name)
 * @param reason      human-readable text, e.g. "no start within grace"
 * @param since       when the transition behind this message happened
 * @param flipId      the flip behind it; 0 for a transition made by hand or by an escalation
 * @param jobUrl      the job's page in the dashboard
 * @param incidentUrl the incident's page in the dashboard
 * @param lastOutput  the output of the last run, size-limited by ingest; may be null
 * @param repeat      0 for the first message of a step; n for its n-th repetition by an escalation policy
 * @param step        the escalation step this was sent for (0 = the route's first notification)
 * @param actor       who acknowledged or resolved by hand (an API key's name); null when Vigil did
 * @param comment     the actor's comment; may be null
 * @param flapping    the job flips too often: this incident stands for all its flips until it calms down
 * @param previousSeverity on a trigger sent because a warning became critical: {@code warning}; else null.
 *                    Receivers that key alerts on severity (Alertmanager labels) resolve the old one.
 */
public record AlertMessage(
        String action,
        String severity,
        long incidentId,
        String incidentKey,
        Instant openedAt,
        String jobUniqueKey,
        String project,
        String slug,
        String name,
        String owner,
        List<String> tags,
        String kind,
        String status,
        String health,
        String reason,
        Instant since,
        long flipId,
        String jobUrl,
        String incidentUrl,
        String lastOutput,
        int repeat,
        int step,
        String actor,
        String comment,
        boolean flapping,
        String previousSeverity) {

    public static final String TRIGGER = "trigger";
    public static final String ACKNOWLEDGE = "acknowledge";
    public static final String RESOLVE = "resolve";
    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";
    public static final String DOWN = "down";
    public static final String UP = "up";

    // A configured ObjectMapper is immutable in use and thread-safe: a constant, not shared state.
    private static final ObjectMapper JSON = AlertJson.newMapper();

    /** A message that is not about a change of severity. */
    public AlertMessage(String action, String severity, long incidentId, String incidentKey, Instant openedAt,
                        String jobUniqueKey, String project, String slug, String name, String owner, List<String> tags,
                        String kind, String status, String health, String reason, Instant since, long flipId,
                        String jobUrl, String incidentUrl, String lastOutput, int repeat, int step, String actor,
                        String comment, boolean flapping) {
        this(action, severity, incidentId, incidentKey, openedAt, jobUniqueKey, project, slug, name, owner, tags, kind,
                status, health, reason, since, flipId, jobUrl, incidentUrl, lastOutput, repeat, step, actor, comment,
                flapping, null);
    }

    public AlertMessage {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(incidentKey, "incidentKey");
        if (severity == null) severity = CRITICAL;
        if (kind == null) kind = RESOLVE.equals(action) ? UP : DOWN;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * The key receivers deduplicate an incident on: {@code vigil-<jobUniqueKey>-<incidentId>}. The
     * job's part makes it unique across installations (two Vigil servers paging one Opsgenie account
     * must not merge their incidents); it is the unique key, not the uuid, because receivers, logs and
     * read-only keys see this key and must not be able to ping.
     */
    public static String incidentKey(String jobUniqueKey, long incidentId) {
        return "vigil-" + jobUniqueKey + "-" + incidentId;
    }

    /** The job's page in the dashboard. */
    public static String jobUrl(String baseUrl, String project, String slug) {
        return trimSlash(baseUrl) + "/ui/p/" + project + "/jobs/" + slug;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** True unless this resolves the incident. */
    @JsonIgnore
    public boolean isDown() {
        return !RESOLVE.equals(action);
    }

    @JsonIgnore
    public boolean isTrigger() {
        return TRIGGER.equals(action);
    }

    @JsonIgnore
    public boolean isAcknowledge() {
        return ACKNOWLEDGE.equals(action);
    }

    @JsonIgnore
    public boolean isResolve() {
        return RESOLVE.equals(action);
    }

    @JsonIgnore
    public boolean isCritical() {
        return CRITICAL.equals(severity);
    }

    /** "project/slug", how people name a job; the name alone for an alert about Vigil itself. */
    public String jobKey() {
        return slug == null ? name : project + "/" + slug;
    }

    /** The last {@code maxLines} lines of {@link #lastOutput}, at most {@code maxChars} from its end; null if none. */
    public String lastOutputLines(int maxLines, int maxChars) {
        if (lastOutput == null || lastOutput.isBlank()) return null;
        String text = lastOutput.stripTrailing();
        int cut = text.length();
        for (int i = 0; i < maxLines && cut > 0; i++) {
            cut = text.lastIndexOf('\n', cut - 1);
            if (cut < 0) {
                cut = 0;
                break;
            }
        }
        String tail = cut == 0 ? text : text.substring(cut + 1);
        if (tail.length() > maxChars) tail = "…" + tail.substring(tail.length() - maxChars + 1);
        return tail;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "cannot write alert message as JSON; indicates a bug", e);
        }
    }

    /** @throws VigilException with code {@code invalid_payload} if the JSON is not an alert message */
    public static AlertMessage fromJson(String json) {
        try {
            return JSON.readValue(json, AlertMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new VigilException("invalid_payload", "not an alert message: " + e.getMessage(), e);
        }
    }
}
