package dev.vigil.alert.channel.alertmanager;

import static dev.vigil.alert.channel.IncidentChannelSupport.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.channel.HttpAlertChannel;
import dev.vigil.alert.channel.HttpChannelSupport;
import dev.vigil.alert.channel.IncidentChannelSupport;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import dev.vigil.alert.channel.AlertRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Prometheus Alertmanager API v2 (kind {@code alertmanager}): POSTs the incident as one alert to
 * {@code {url}/api/v2/alerts}. Alertmanager identifies an alert by its labels, so every message of
 * one incident carries the same labels (the incident key among them); whether it fires or is
 * resolved is said by {@code endsAt} alone: in the future (now + {@code firingTtl}) while the
 * incident is open, the resolve time once it is resolved. Alertmanager has no acknowledge: an
 * acknowledge re-sends the firing alert with an {@code acknowledged_by} annotation. Settings:
 * {@link AlertmanagerConfig}.
 */
public final class AlertmanagerChannel extends HttpAlertChannel<AlertmanagerConfig> {
    public static final String KIND = "alertmanager";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("basicAuth.password", "bearerToken");
    }
    public static final String PATH = "/api/v2/alerts";

    private final Clock clock;

    /**
     * @param client shared by all Alertmanager channels; see {@link HttpChannelSupport#sharedClient}
     * @param clock  for the {@code endsAt} of firing alerts
     */
    public AlertmanagerChannel(HttpClient client, Clock clock) {
        super(KIND, AlertmanagerConfig::parse, "url", AlertmanagerConfig::url, client);
        this.clock = Objects.requireNonNull(clock, "clock");
    }


    /** The idempotency key is not sent: Alertmanager deduplicates on the labels. */
    @Override
    protected AlertRequest request(AlertmanagerConfig config, AlertMessage message, String idempotencyKey) {
        AlertRequest.Builder request = jsonPost(URI.create(config.url() + PATH), config.timeout(),
                body(config, message, clock.instant()));
        if (config.basicAuth() != null) {
            request.header("Authorization", "Basic " + basicCredentials(config.basicAuth()));
        } else if (config.bearerToken() != null) {
            request.header("Authorization", "Bearer " + config.bearerToken());
        }
        return request.build();
    }

    /** The credentials as sent and as given: basic auth, or the bearer token (never both, the config says). */
    @Override
    protected List<String> secrets(AlertmanagerConfig config) {
        if (config.basicAuth() != null) {
            return List.of(basicCredentials(config.basicAuth()), config.basicAuth().password());
        }
        return config.bearerToken() == null ? List.of() : List.of(config.bearerToken());
    }

    private static String basicCredentials(AlertmanagerConfig.BasicAuth auth) {
        return Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A list of one alert, as the API takes; two when a warning became critical, the alert under the
     * warning's labels then ending now, or it would stay firing beside the critical one.
     */
    static ArrayNode body(AlertmanagerConfig config, AlertMessage m, Instant now) {
        ArrayNode alerts = JsonNodeFactory.instance.arrayNode().add(alert(config, m, now));
        if (m.previousSeverity() != null && !m.previousSeverity().equals(m.severity())) {
            ObjectNode ended = IncidentChannelSupport.object();
            ended.set("labels", labels(config, m, m.previousSeverity()));
            ended.putObject("annotations").put("summary", AlertText.title(m));
            putIfPresent(ended, "startsAt", m.openedAt() != null ? m.openedAt() : m.since());
            putIfPresent(ended, "endsAt", m.since() == null ? now : m.since());
            putIfPresent(ended, "generatorURL", m.jobUrl());
            alerts.add(ended);
        }
        return alerts;
    }

    private static ObjectNode alert(AlertmanagerConfig config, AlertMessage m, Instant now) {
        ObjectNode alert = IncidentChannelSupport.object();
        alert.set("labels", labels(config, m, m.severity()));
        ObjectNode annotations = alert.putObject("annotations")
                .put("summary", AlertText.title(m))
                .put("description", AlertText.plain(m));
        putIfPresent(annotations, "job_url", m.jobUrl());
        putIfPresent(annotations, "incident_url", m.incidentUrl());
        putIfPresent(annotations, "last_output", AlertText.output(m));
        if (m.isAcknowledge()) {
            annotations.put("acknowledged_by", m.actor() == null ? "Vigil" : m.actor());
            if (m.comment() != null && !m.comment().isBlank()) annotations.put("acknowledge_comment", m.comment());
        }
        putIfPresent(alert, "startsAt", m.openedAt() != null ? m.openedAt() : m.since());
        Instant resolvedAt = m.since() == null ? now : m.since();
        putIfPresent(alert, "endsAt", m.isResolve() ? resolvedAt : now.plus(config.firingTtl()));
        putIfPresent(alert, "generatorURL", m.jobUrl());
        return alert;
    }

    /**
     * The alert's identity: only what stays the same through the incident's life (no status, no
     * action), so that the resolve matches the trigger.
     */
    static ObjectNode labels(AlertmanagerConfig config, AlertMessage m, String severity) {
        ObjectNode labels = IncidentChannelSupport.object()
                .put("alertname", AlertMessage.CRITICAL.equals(severity) ? "VigilJobDown" : "VigilJobWarning")
                .put("severity", severity);
        putIfPresent(labels, "project", m.project());
        putIfPresent(labels, "slug", m.slug());
        labels.put("vigil_incident", m.incidentKey());
        if (m.owner() != null && !m.owner().isBlank()) labels.put("owner", m.owner());
        config.labels().forEach(labels::put);
        return labels;
    }
}
