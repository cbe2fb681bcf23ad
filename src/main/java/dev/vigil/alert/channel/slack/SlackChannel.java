package dev.vigil.alert.channel.slack;

import dev.vigil.alert.AlertChannel;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.channel.HttpChannelSupport;
import dev.vigil.alert.channel.UrlTimeoutConfig;
import dev.vigil.domain.Channel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * Slack (kind {@code slack}) through an incoming webhook: one Block Kit message per alert, built by
 * {@link SlackPayload}. Slack answers {@code 200 ok}; its documented errors ({@code 400
 * invalid_payload}, {@code 403 action_prohibited}, {@code 404 no_service}, {@code 410
 * channel_is_archived}) are permanent and name the reason, 429 and 5xx are retried, as
 * {@link HttpChannelSupport} decides. Slack has no deduplication: a send repeated after a crash
 * shows twice. Settings: {@link SlackConfig}.
 */
public final class SlackChannel implements AlertChannel {
    public static final String KIND = "slack";

    private final HttpChannelSupport http;

    /** @param client shared by all channels; see {@link HttpChannelSupport#newClient()} */
    public SlackChannel(HttpClient client) {
        this.http = new HttpChannelSupport(client);
    }

    public SlackChannel() {
        this(HttpChannelSupport.newClient());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void validateConfig(String configJson) {
        SlackConfig.parse(configJson);
    }

    @Override
    public void send(Channel channel, AlertMessage message, String idempotencyKey) {
        SlackConfig config = UrlTimeoutConfig.forSend(KIND, channel.config(), SlackConfig::parse);
        http.send(HttpRequest.newBuilder(URI.create(config.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofString(SlackPayload.of(message, config).toString(), StandardCharsets.UTF_8))
                .build());
    }
}
