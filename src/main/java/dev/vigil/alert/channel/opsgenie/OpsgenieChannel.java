package dev.vigil.alert.channel.opsgenie;

import static dev.vigil.alert.channel.IncidentChannelSupport.putIfPresent;
import static dev.vigil.alert.channel.IncidentChannelSupport.truncate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.channel.HttpAlertChannel;
import dev.vigil.alert.channel.HttpChannelSupport;
import dev.vigil.alert.channel.IncidentChannelSupport;
import java.net.URI;
import java.net.URLEncoder;
import org.eclipse.jetty.client.HttpClient;
import dev.vigil.alert.channel.AlertRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opsgenie Alert API (kind {@code opsgenie}): a trigger creates an alert whose {@code alias} is the
 * incident key, so that repeated triggers are counted on one alert instead of paging again;
 * acknowledge and resolve acknowledge and close that alert by its alias. Settings:
 * {@link OpsgenieConfig}. Opsgenie answers 202; 401, 403 and 422 are permanent, 429 is retried, as
 * {@link HttpChannelSupport} decides.
 */
public final class OpsgenieChannel extends HttpAlertChannel<OpsgenieConfig> {
    public static final String KIND = "opsgenie";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("apiKey");
    }
    public static final String SOURCE = "Vigil";
    // Opsgenie's limits for these fields.
    static final int MAX_MESSAGE = 130;
    static final int MAX_ALIAS = 512;
    static final int MAX_DESCRIPTION = 15_000;
    static final int MAX_ENTITY = 512;
    static final int MAX_USER = 100;
    static final int MAX_NOTE = 25_000;
    static final int MAX_TAGS = 20;

    /** @param client shared by all Opsgenie channels; see {@link HttpChannelSupport#sharedClient} */
    public OpsgenieChannel(HttpClient client) {
        super(KIND, OpsgenieConfig::parse, "apiUrl", OpsgenieConfig::apiUrl, client);
    }


    /** The idempotency key is not sent: Opsgenie deduplicates open alerts on {@code alias}. */
    @Override
    protected AlertRequest request(OpsgenieConfig config, AlertMessage message, String idempotencyKey) {
        return jsonPost(uri(config, message), config.timeout(), body(config, message))
                .header("Authorization", "GenieKey " + config.apiKey())
                .build();
    }

    @Override
    protected List<String> secrets(OpsgenieConfig config) {
        return List.of(config.apiKey());
    }

    /** Create for a trigger; acknowledge or close, by alias, for the others. */
    static URI uri(OpsgenieConfig config, AlertMessage m) {
        String alerts = config.apiUrl() + "/v2/alerts";
        if (!m.isAcknowledge() && !m.isResolve()) return URI.create(alerts);
        String alias = URLEncoder.encode(alias(m), StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(alerts + "/" + alias + (m.isResolve() ? "/close" : "/acknowledge") + "?identifierType=alias");
    }

    static ObjectNode body(OpsgenieConfig config, AlertMessage m) {
        if (m.isAcknowledge() || m.isResolve()) {
            return IncidentChannelSupport.object()
                    .put("user", truncate(m.actor() == null ? SOURCE : m.actor(), MAX_USER))
                    .put("source", SOURCE)
                    .put("note", truncate(m.comment() == null || m.comment().isBlank() ? AlertText.summary(m) : m.comment(), MAX_NOTE));
        }
        ObjectNode body = IncidentChannelSupport.object()
                .put("message", truncate(AlertText.title(m), MAX_MESSAGE))
                .put("alias", alias(m))
                .put("description", truncate(AlertText.plain(m), MAX_DESCRIPTION));
        if (!config.responders().isEmpty()) {
            ArrayNode responders = body.putArray("responders");
            for (OpsgenieConfig.Responder r : config.responders()) {
                ObjectNode responder = responders.addObject().put("type", r.type());
                if (r.id() != null) responder.put("id", r.id());
                else responder.put(r.type().equals("user") ? "username" : "name", r.name());
            }
        }
        ArrayNode tags = body.putArray("tags");
        tags(config, m).forEach(tags::add);
        ObjectNode details = body.putObject("details");
        putIfPresent(details, "project", m.project());
        putIfPresent(details, "job", m.slug() == null ? m.name() : m.slug());
        putIfPresent(details, "owner", m.owner());
        putIfPresent(details, "status", m.status());
        putIfPresent(details, "health", m.health());
        putIfPresent(details, "jobUrl", m.jobUrl());
        putIfPresent(details, "incidentUrl", m.incidentUrl());
        return putIfPresent(body, "entity", truncate(m.jobKey(), MAX_ENTITY))
                .put("source", SOURCE)
                .put("priority", m.isCritical() ? config.priorityCritical() : config.priorityWarning());
    }

    private static String alias(AlertMessage m) {
        return truncate(m.incidentKey(), MAX_ALIAS);
    }

    /** "vigil" and the severity first, so that they survive Opsgenie's limit of 20 tags. */
    private static Set<String> tags(OpsgenieConfig config, AlertMessage m) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add("vigil");
        tags.add(m.severity());
        m.tags().forEach(t -> tags.add(truncate(t, OpsgenieConfig.MAX_TAG)));
        tags.addAll(config.tags());
        return tags.stream().limit(MAX_TAGS).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
