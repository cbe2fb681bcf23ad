package dev.vigil.alert.channel.teams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.UrlTimeoutConfig;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.Set;

/**
 * A Teams channel's settings, e.g. {@code {"url": "https://…/workflows/…/triggers/manual/paths/invoke?…&sig=…"}}.
 *
 * @param url     a Workflows (Power Automate) webhook URL or a legacy Office 365 connector URL; a
 *                secret (its {@code sig} or path token lets anyone post), so never printed or put in errors
 * @param timeout how long to wait for an answer, as for every HTTP channel ({@link UrlTimeoutConfig})
 */
public record TeamsConfig(String url, Duration timeout) {
    private static final Set<String> FIELDS = Set.of("url", "timeout");

    public TeamsConfig {
        UrlTimeoutConfig.checkUrl(url);
        timeout = UrlTimeoutConfig.checkTimeout(timeout);
    }

    /** @throws ValidationException naming the {@code config.*} field that is wrong */
    public static TeamsConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        return new TeamsConfig(ConfigJson.requiredText(config, "url"), UrlTimeoutConfig.timeout(config.get("timeout")));
    }

    // The URL is the secret: records print every component.
    @Override
    public String toString() {
        return "TeamsConfig[url=" + UrlTimeoutConfig.redact(url) + ", timeout=" + timeout + "]";
    }
}
