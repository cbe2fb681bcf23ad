package dev.vigil.alert.channel.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import java.util.List;

/**
 * The Slack message for an alert: a Block Kit layout (header, facts, last output, incident key,
 * link buttons) and a {@code text} that Slack shows in notifications and in clients without
 * blocks. Slack's size limits are applied here, so that a long reason or output shortens the
 * message instead of getting it rejected as {@code invalid_blocks}.
 */
final class SlackPayload {
    static final int HEADER_CHARS = 150;
    static final int MAX_FIELDS = 10;
    static final int FIELD_CHARS = 2_000;
    static final int SECTION_CHARS = 3_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SlackPayload() {}

    static ObjectNode of(AlertMessage m, SlackConfig config) {
        List<String> mentions = m.isTrigger() && m.isCritical() ? config.mentions() : List.of();
        String ping = String.join(" ", mentions);
        ObjectNode payload = JSON.objectNode();
        payload.put("text", SlackText.escape(AlertText.summary(m)) + (ping.isEmpty() ? "" : " " + ping));
        ArrayNode blocks = payload.putArray("blocks");
        blocks.addObject().put("type", "header").set("text", plain(SlackText.head(icon(m) + " " + AlertText.title(m), HEADER_CHARS)));
        // In the blocks too: Slack takes notifications from the blocks first, and a mention only in
        // the fallback text may not ping anyone.
        if (!ping.isEmpty()) blocks.add(section(ping));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        AlertText.facts(m).stream().limit(MAX_FIELDS).forEach(fact -> fields.add(mrkdwn(
                SlackText.head("*" + fact[0] + "*\n" + SlackText.escape(fact[1]), FIELD_CHARS))));
        String output = AlertText.output(m);
        if (output != null) blocks.add(section(SlackText.codeBlock("*Last output*\n", output, SECTION_CHARS)));
        blocks.addObject().put("type", "context").putArray("elements").add(mrkdwn(context(m)));
        ArrayNode buttons = JSON.arrayNode();
        if (m.jobUrl() != null) buttons.add(button("Open job", m.jobUrl()));
        if (m.incidentUrl() != null) buttons.add(button("Incident", m.incidentUrl()));
        if (!buttons.isEmpty()) blocks.addObject().put("type", "actions").set("elements", buttons);
        if (config.username() != null) payload.put("username", config.username());
        if (config.iconEmoji() != null) payload.put("icon_emoji", config.iconEmoji());
        return payload;
    }

    /** A colour cue in front of the title; the title's first word says the same in text. */
    static String icon(AlertMessage m) {
        if (m.isResolve()) return "🟢";
        if (m.isAcknowledge()) return "🟡";
        return m.isCritical() ? "🔴" : "🟠";
    }

    private static String context(AlertMessage m) {
        String text = "Incident `" + SlackText.escape(m.incidentKey()) + "`";
        if (m.openedAt() == null) return text;
        // Slack shows the date in the reader's time zone; other clients show the ISO text after |.
        return text + " · opened <!date^" + m.openedAt().getEpochSecond() + "^{date_short_pretty} {time}|"
                + m.openedAt() + ">";
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode section = JSON.objectNode().put("type", "section");
        section.set("text", mrkdwn(mrkdwn));
        return section;
    }

    private static ObjectNode button(String label, String url) {
        ObjectNode button = JSON.objectNode().put("type", "button");
        button.set("text", plain(label));
        return button.put("url", url);
    }

    private static ObjectNode plain(String text) {
        return JSON.objectNode().put("type", "plain_text").put("text", text).put("emoji", true);
    }

    private static ObjectNode mrkdwn(String text) {
        return JSON.objectNode().put("type", "mrkdwn").put("text", text);
    }
}
