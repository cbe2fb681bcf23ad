package dev.vigil.alert.channel.teams;

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
 * Microsoft Teams (kind {@code teams}): one Adaptive Card per alert ({@link TeamsCard}), POSTed to a
 * Workflows webhook (answers 202) or a legacy Office 365 connector (answers 200); any 2xx is a
 * delivery, and other answers are classified by {@link HttpChannelSupport}. Teams has no
 * deduplication. Settings: {@link TeamsConfig}.
 */
public final class TeamsChannel implements AlertChannel {
    public static final String KIND = "teams";

    private final HttpChannelSupport http;

    /** @param client shared by all channels; see {@link HttpChannelSupport#newClient()} */
    public TeamsChannel(HttpClient client) {
        this.http = new HttpChannelSupport(client);
    }

    public TeamsChannel() {
        this(HttpChannelSupport.newClient());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void validateConfig(String configJson) {
        TeamsConfig.parse(configJson);
    }

    @Override
    public void send(Channel channel, AlertMessage message, String idempotencyKey) {
        TeamsConfig config = UrlTimeoutConfig.forSend(KIND, channel.config(), TeamsConfig::parse);
        http.send(HttpRequest.newBuilder(URI.create(config.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofString(TeamsCard.of(message).toString(), StandardCharsets.UTF_8))
                .build());
    }
}
