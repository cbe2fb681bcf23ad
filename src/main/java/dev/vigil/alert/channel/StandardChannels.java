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
import org.eclipse.jetty.client.HttpClient;
import java.time.Clock;

/** Every channel kind Vigil ships, sharing one HTTP client (connection pools, bounded connect time). */
public final class StandardChannels {
    private StandardChannels() {}

    public static ChannelRegistry registry(Clock clock) {
        HttpClient http = HttpChannelSupport.sharedClient();
        return ChannelRegistry.of(
                new WebhookChannel(http, clock),
                new LogChannel(),
                new SlackChannel(http),
                new TeamsChannel(http),
                new PagerDutyChannel(http),
                new OpsgenieChannel(http),
                new AlertmanagerChannel(http, clock),
                new EmailChannel(clock));
    }
}
