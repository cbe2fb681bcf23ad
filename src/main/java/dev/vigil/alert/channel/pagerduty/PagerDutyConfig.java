package dev.vigil.alert.channel.pagerduty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.IncidentChannelSupport;
import java.time.Duration;
import java.util.Set;

/**
 * A PagerDuty channel's settings, e.g. {@code {"routingKey": "R0UT1NGKEY…", "component": "postgres"}}.
 *
 * @param routingKey the integration key of an Events API v2 integration on a PagerDuty service
 * @param url        where events are POSTed; default {@value #DEFAULT_URL}
 * @param timeout    how long to wait for an answer, as for the webhook (default 10 s, at most 20 s)
 * @param component  optional {@code payload.component}, e.g. the database the jobs keep healthy
 * @param group      optional {@code payload.group}, e.g. {@code prod-datapipe}
 * @param eventClass optional {@code payload.class}, e.g. {@code backup}
 */
public record PagerDutyConfig(String routingKey, String url, Duration timeout, String component, String group,
                              String eventClass) {
    public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

    private static final Set<String> FIELDS = Set.of("routingKey", "url", "timeout", "component", "group", "class");

    /** @throws dev.vigil.domain.ValidationException naming the {@code config.*} field that is wrong */
    public static PagerDutyConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        return new PagerDutyConfig(IncidentChannelSupport.credential(config, "routingKey"),
                IncidentChannelSupport.httpUrl(config, "url", DEFAULT_URL), IncidentChannelSupport.timeout(config),
                IncidentChannelSupport.optionalNonBlank(config, "component"),
                IncidentChannelSupport.optionalNonBlank(config, "group"),
                IncidentChannelSupport.optionalNonBlank(config, "class"));
    }

    // Records print every component; the routing key lets anyone open incidents on the service.
    @Override
    public String toString() {
        return "PagerDutyConfig[routingKey=***, url=" + url + ", timeout=" + timeout + ", component=" + component
                + ", group=" + group + ", class=" + eventClass + "]";
    }
}
