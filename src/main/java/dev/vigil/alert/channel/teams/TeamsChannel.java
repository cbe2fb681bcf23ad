package dev.vigil.alert.channel.teams;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.channel.HttpAlertChannel;
import dev.vigil.alert.channel.HttpChannelSupport;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import dev.vigil.alert.channel.AlertRequest;

/**
 * Microsoft Teams (kind {@code teams}): one Adaptive Card per alert ({@link TeamsCard}), POSTed to a
 * Workflows webhook (answers 202) or a legacy Office 365 connector (answers 200); any 2xx is a
 * delivery, and other answers are classified by {@link HttpChannelSupport}. Teams has no
 * deduplication. Settings: {@link TeamsConfig}.
 */
public final class TeamsChannel extends HttpAlertChannel<TeamsConfig> {
    public static final String KIND = "teams";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("url");
    }

    /** @param client shared by all channels; see {@link HttpChannelSupport#sharedClient} */
    public TeamsChannel(HttpClient client) {
        super(KIND, TeamsConfig::parse, "url", TeamsConfig::url, client);
    }


    @Override
    protected AlertRequest request(TeamsConfig config, AlertMessage message, String idempotencyKey) {
        return post(URI.create(config.url()), config.timeout(), "application/json; charset=utf-8",
                TeamsCard.of(message).toString()).build();
    }
}
