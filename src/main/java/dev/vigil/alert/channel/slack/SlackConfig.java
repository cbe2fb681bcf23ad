package dev.vigil.alert.channel.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.channel.UrlTimeoutConfig;
import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Slack channel's settings, e.g.
 * {@code {"url": "https://hooks.slack.com/services/T000/B000/XXXX", "mentions": ["<!here>"]}}.
 *
 * @param url       the incoming webhook's URL; a secret (whoever has it can post), so it is never
 *                  printed or put in errors
 * @param timeout   how long to wait for an answer, as for every HTTP channel ({@link UrlTimeoutConfig})
 * @param mentions  who to notify when a critical incident opens: {@code <!here>}, {@code <!channel>},
 *                  user ids {@code <@U0123ABCD>} or user groups {@code <!subteam^S0123ABCD>}
 * @param username  optional sender name; only legacy webhooks honour it, app webhooks post as the app
 * @param iconEmoji optional sender icon such as {@code :rotating_light:}; the same caveat applies
 */
public record SlackConfig(String url, Duration timeout, List<String> mentions, String username, String iconEmoji) {
    private static final Set<String> FIELDS = Set.of("url", "timeout", "mentions", "username", "iconEmoji");
    private static final Pattern MENTION = Pattern.compile("<!here>|<!channel>|<!everyone>|<@[A-Z0-9]+>|<!subteam\\^[A-Z0-9]+>");
    private static final Pattern EMOJI = Pattern.compile(":[a-z0-9_+'-]+:");
    private static final int MAX_MENTIONS = 20;

    public SlackConfig {
        UrlTimeoutConfig.checkUrl(url);
        timeout = UrlTimeoutConfig.checkTimeout(timeout);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        if (mentions.size() > MAX_MENTIONS) {
            throw new ValidationException(ConfigJson.field("mentions"), "must have at most " + MAX_MENTIONS + " entries");
        }
        for (int i = 0; i < mentions.size(); i++) {
            if (!MENTION.matcher(mentions.get(i)).matches()) {
                throw new ValidationException(ConfigJson.field("mentions[" + i + "]"),
                        "must be a Slack mention: <!here>, <!channel>, <@U0123ABCD> or <!subteam^S0123ABCD>");
            }
        }
        if (username != null && (username.isBlank() || username.length() > 80)) {
            throw new ValidationException(ConfigJson.field("username"), "must be 1 to 80 characters");
        }
        if (iconEmoji != null && !EMOJI.matcher(iconEmoji).matches()) {
            throw new ValidationException(ConfigJson.field("iconEmoji"), "must be an emoji code such as :rotating_light:");
        }
    }

    /** @throws ValidationException naming the {@code config.*} field that is wrong */
    public static SlackConfig parse(String json) {
        ObjectNode config = ConfigJson.parseObject(json);
        ConfigJson.rejectUnknown(config, FIELDS);
        return new SlackConfig(ConfigJson.requiredText(config, "url"), UrlTimeoutConfig.timeout(config.get("timeout")),
                mentions(config.get("mentions")), ConfigJson.optionalText(config, "username"),
                ConfigJson.optionalText(config, "iconEmoji"));
    }

    // The URL is the secret: records print every component.
    @Override
    public String toString() {
        return "SlackConfig[url=" + UrlTimeoutConfig.redact(url) + ", timeout=" + timeout + ", mentions=" + mentions
                + ", username=" + username + ", iconEmoji=" + iconEmoji + "]";
    }

    private static List<String> mentions(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) throw new ValidationException(ConfigJson.field("mentions"), "must be a list of strings");
        List<String> mentions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) throw new ValidationException(ConfigJson.field("mentions[" + i + "]"), "must be a string");
            mentions.add(node.get(i).textValue());
        }
        return mentions;
    }
}
