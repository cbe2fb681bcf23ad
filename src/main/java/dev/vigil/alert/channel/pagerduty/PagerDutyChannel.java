package dev.vigil.alert.channel.pagerduty;

import static dev.vigil.alert.channel.IncidentChannelSupport.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.channel.HttpAlertChannel;
import dev.vigil.alert.channel.HttpChannelSupport;
import dev.vigil.alert.channel.IncidentChannelSupport;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import dev.vigil.alert.channel.AlertRequest;
import java.util.List;

/**
 * PagerDuty Events API v2 (kind {@code pagerduty}): one event per message, with {@code dedup_key} =
 * the incident key, so that a trigger, its reminders, the acknowledge and the resolve all land on
 * one PagerDuty incident, and a re-sent trigger is merged into it instead of paging again.
 * Settings: {@link PagerDutyConfig}. PagerDuty answers 202; 400 (invalid event) is permanent, 429
 * and 5xx are retried, as {@link HttpChannelSupport} decides.
 */
public final class PagerDutyChannel extends HttpAlertChannel<PagerDutyConfig> {
    public static final String KIND = "pagerduty";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("routingKey");
    }
    /** PagerDuty's limit for {@code payload.summary}. */
    public static final int MAX_SUMMARY = 1024;

    /** @param client shared by all PagerDuty channels; see {@link HttpChannelSupport#sharedClient} */
    public PagerDutyChannel(HttpClient client) {
        super(KIND, PagerDutyConfig::parse, "url", PagerDutyConfig::url, client);
    }


    /** The idempotency key is not sent: PagerDuty deduplicates on {@code dedup_key}. */
    @Override
    protected AlertRequest request(PagerDutyConfig config, AlertMessage message, String idempotencyKey) {
        return jsonPost(URI.create(config.url()), config.timeout(), body(config, message)).build();
    }

    @Override
    protected List<String> secrets(PagerDutyConfig config) {
        return List.of(config.routingKey());
    }

    /** The event; acknowledge and resolve carry only the key, action and dedup key, as PagerDuty wants. */
    static ObjectNode body(PagerDutyConfig config, AlertMessage m) {
        ObjectNode body = IncidentChannelSupport.object()
                .put("routing_key", config.routingKey())
                .put("event_action", m.isResolve() ? "resolve" : m.isAcknowledge() ? "acknowledge" : "trigger")
                .put("dedup_key", m.incidentKey());
        if (m.isResolve() || m.isAcknowledge()) return body;
        body.set("payload", payload(config, m));
        ArrayNode links = body.putArray("links");
        if (m.jobUrl() != null) links.addObject().put("href", m.jobUrl()).put("text", "Job in Vigil");
        if (m.incidentUrl() != null) links.addObject().put("href", m.incidentUrl()).put("text", "Incident");
        body.put("client", "Vigil");
        return putIfPresent(body, "client_url", m.jobUrl());
    }

    private static ObjectNode payload(PagerDutyConfig config, AlertMessage m) {
        ObjectNode payload = IncidentChannelSupport.object()
                .put("summary", IncidentChannelSupport.truncate(AlertText.summary(m), MAX_SUMMARY))
                .put("source", source(m))
                .put("severity", m.isCritical() ? "critical" : "warning");
        putIfPresent(payload, "timestamp", m.since());
        putIfPresent(payload, "component", config.component());
        putIfPresent(payload, "group", config.group());
        putIfPresent(payload, "class", config.eventClass());
        ObjectNode details = payload.putObject("custom_details").put("job", m.jobKey());
        putIfPresent(details, "owner", m.owner());
        putIfPresent(details, "tags", m.tags());
        putIfPresent(details, "status", m.status());
        putIfPresent(details, "health", m.health());
        putIfPresent(details, "reason", m.reason());
        putIfPresent(details, "openedAt", m.openedAt());
        putIfPresent(details, "lastOutput", AlertText.output(m));
        details.put("step", m.step()).put("repeat", m.repeat());
        return payload;
    }

    /** {@code vigil:prod/nightly-backup}; for an alert about Vigil itself, the dashboard's host. */
    static String source(AlertMessage m) {
        if (m.slug() != null) return "vigil:" + m.project() + "/" + m.slug();
        String url = m.incidentUrl() != null ? m.incidentUrl() : m.jobUrl();
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? "vigil" : host;
        } catch (IllegalArgumentException e) {
            return "vigil";
        }
    }
}
