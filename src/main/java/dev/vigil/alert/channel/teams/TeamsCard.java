package dev.vigil.alert.channel.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;

/**
 * The Teams message for an alert: an Adaptive Card (1.4) in a message envelope, the shape both
 * Workflows webhooks and legacy connectors accept. The title's colour says what happened
 * (attention, warning, good); its first word says the same for people who do not see colours.
 */
final class TeamsCard {
    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TeamsCard() {}

    static ObjectNode of(AlertMessage m) {
        ObjectNode card = JSON.objectNode()
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.add(text(AlertText.title(m)).put("weight", "Bolder").put("size", "Medium").put("color", color(m)));
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        AlertText.facts(m).forEach(fact -> facts.addObject().put("title", fact[0]).put("value", fact[1]));
        String output = AlertText.output(m);
        if (output != null) {
            body.add(text("Last output").put("weight", "Bolder"));
            // TextBlocks are Markdown: a line break needs an empty line between.
            body.add(text(output.replace("\n", "\n\n")).put("fontType", "Monospace"));
        }
        ArrayNode actions = JSON.arrayNode();
        if (m.jobUrl() != null) actions.add(open("Open job", m.jobUrl()));
        if (m.incidentUrl() != null) actions.add(open("Incident", m.incidentUrl()));
        if (!actions.isEmpty()) card.set("actions", actions);

        ObjectNode message = JSON.objectNode().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject()
                .put("contentType", CONTENT_TYPE)
                .putNull("contentUrl");
        attachment.set("content", card);
        return message;
    }

    static String color(AlertMessage m) {
        if (m.isResolve()) return "Good";
        if (m.isAcknowledge()) return "Warning";
        return m.isCritical() ? "Attention" : "Warning";
    }

    private static ObjectNode text(String text) {
        return JSON.objectNode().put("type", "TextBlock").put("text", text).put("wrap", true);
    }

    private static ObjectNode open(String title, String url) {
        return JSON.objectNode().put("type", "Action.OpenUrl").put("title", title).put("url", url);
    }
}
