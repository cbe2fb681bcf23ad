package dev.vigil.cli.defs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's answer to an apply, printed for people: per project, each change with a sign
 * ({@code +} create, {@code ~} update, {@code -} delete, {@code >} adopt) and the fields it changes,
 * then a count of each.
 */
public record Plan(JsonNode answer) {

    public boolean hasChanges() {
        return answer.path("changes").size() > 0;
    }

    public void print(PrintWriter out) {
        JsonNode changes = answer.path("changes");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String action : new String[] {"create", "update", "delete", "adopt"}) counts.put(action, 0);
        String project = null;
        for (JsonNode c : changes) {
            String p = c.path("project").asText();
            if (!p.equals(project)) {
                out.println("project " + p);
                project = p;
            }
            String action = c.path("action").asText();
            counts.merge(action, 1, Integer::sum);
            String kind = c.path("kind").asText();
            String name = kind.equals("routes") || kind.equals("project") ? "" : " " + c.path("name").asText();
            out.println("  " + sign(action) + " " + kind(kind) + name + "  (" + action + ")");
            for (JsonNode d : c.path("diff")) {
                String field = d.path("field").asText();
                if (action.equals("create")) {
                    out.println("      " + field + ": " + value(d.get("after")));
                } else {
                    out.println("      " + field + ": " + value(d.get("before")) + " -> " + value(d.get("after")));
                }
            }
        }
        int unchanged = answer.path("unchanged").asInt();
        StringBuilder summary = new StringBuilder();
        if (changes.isEmpty()) {
            summary.append("No changes: ").append(unchanged).append(unchanged == 1 ? " object matches" : " objects match")
                    .append(" the definitions.");
        } else {
            summary.append(answer.path("applied").asBoolean() ? "Applied: " : "Plan: ");
            summary.append(counts.get("create")).append(" to create, ").append(counts.get("update")).append(" to update, ")
                    .append(counts.get("delete")).append(" to delete");
            if (counts.get("adopt") > 0) summary.append(", ").append(counts.get("adopt")).append(" to adopt");
            summary.append("; ").append(unchanged).append(" unchanged.");
            if (answer.path("dryRun").asBoolean()) summary.append(" (dry run: nothing was changed)");
        }
        String text = summary.toString();
        if (answer.path("applied").asBoolean()) text = text.replace(" to create", " created").replace(" to update", " updated")
                .replace(" to delete", " deleted").replace(" to adopt", " adopted");
        out.println(text);
    }

    private static String sign(String action) {
        return switch (action) {
            case "create" -> "+";
            case "update" -> "~";
            case "delete" -> "-";
            case "adopt" -> ">";
            default -> "?";
        };
    }

    private static String kind(String kind) {
        return switch (kind) {
            case "escalationPolicy" -> "escalation policy";
            case "maintenanceWindow" -> "maintenance window";
            default -> kind;
        };
    }

    private static String value(JsonNode v) {
        if (v == null || v.isMissingNode()) return "(none)";
        if (v.isNull()) return "(none)";
        return v.toString();
    }
}
