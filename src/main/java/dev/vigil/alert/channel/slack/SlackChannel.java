package dev.vigil.alert.channel.slack;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.channel.HttpAlertChannel;
import dev.vigil.alert.channel.HttpChannelSupport;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import dev.vigil.alert.channel.AlertRequest;

/**
 * Slack (kind {@code slack}) through an incoming webhook: one Block Kit message per alert, built by
 * {@link SlackPayload}. Slack answers {@code 200 ok}; its documented errors ({@code 400
 * invalid_payload}, {@code 403 action_prohibited}, {@code 404 no_service}, {@code 410
 * channel_is_archived}) are permanent and name the reason, 429 and 5xx are retried, as
 * {@link HttpChannelSupport} decides. Slack has no deduplication: a send repeated after a crash
 * shows twice. Settings: {@link SlackConfig}.
 */
public final class SlackChannel extends HttpAlertChannel<SlackConfig> {
    public static final String KIND = "slack";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("url");
    }

    /** @param client shared by all channels; see {@link HttpChannelSupport#sharedClient} */
    public SlackChannel(HttpClient client) {
        super(KIND, SlackConfig::parse, "url", SlackConfig::url, client);
    }


    @Override
    protected AlertRequest request(SlackConfig config, AlertMessage message, String idempotencyKey) {
        return post(URI.create(config.url()), config.timeout(), "application/json; charset=utf-8",
                SlackPayload.of(message, config).toString()).build();
    }
}
