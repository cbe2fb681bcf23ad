package dev.vigil.alert.channel;

import dev.vigil.alert.ChannelRegistry;
import dev.vigil.alert.channel.alertmanager.AlertmanagerChannel;
import dev.vigil.alert.channel.email.EmailChannel;
import dev.vigil.alert.channel.log.LogChannel;
import dev.vigil.alert.channel.opsgenie.OpsgenieChannel;
import dev.vigil.alert.channel.pagerduty.PagerDutyChannel;
import dev.vigil.alert.channel.slack.SlackChannel;
import dev.vigil.alert.channel.teams.TeamsChannel;
import dev.vigil.alert.channel.webhook.WebhookChannel;
import dev.vigil.util.OutboundPolicy;
import org.eclipse.jetty.client.HttpClient;
import java.time.Clock;

/** Every channel kind Vigil ships, sharing one HTTP client (connection pools, bounded connect time). */
public final class StandardChannels {
    private StandardChannels() {}

    /** @param outbound where channels may send (PRODUCT.md §9); HTTP channels and SMTP alike */
    public static ChannelRegistry registry(Clock clock, OutboundPolicy outbound) {
        HttpClient http = HttpChannelSupport.sharedClient(outbound);
        return ChannelRegistry.of(
                new WebhookChannel(http, clock),
                new LogChannel(),
                new SlackChannel(http),
                new TeamsChannel(http),
                new PagerDutyChannel(http),
                new OpsgenieChannel(http),
                new AlertmanagerChannel(http, clock),
                new EmailChannel(clock, outbound));
    }
}
