package dev.vigil.web.ui;

import dev.vigil.domain.Project;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's routes (one ordered list) and escalation policies (by name), each as the JSON the API
 * takes (docs/alert-rules.md), editable by admins.
 *
 * @param routes   the routes as JSON text, or what was typed when saving them failed
 * @param channels the project's channel names, for the reader
 * @param error    the last try's error, on the editor it is about
 */
public record AlertRulesView(Chrome chrome, Project project, boolean admin, String csrf, String routes, List<Policy> policies,
                             Set<String> channels, Error error, String done) {

    /** @param json the policy as JSON text ({@code steps}, {@code repeat}), or what was typed */
    public record Policy(String name, String json, String summary) {}

    /**
     * @param editor {@code routes}, {@code policy:<name>} or {@code new-policy}
     * @param field  the JSON path the error names ({@code routes[1].channels[0]}), or null
     */
    public record Error(String editor, String field, String message) {}

    public String path() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/rules";
    }

    public Error errorFor(String editor) {
        return error != null && error.editor().equals(editor) ? error : null;
    }

    /** What the new-policy form shows: the typed text after an error, else an example. */
    public String newPolicyJson() {
        return "{\n  \"steps\": [\n    {\"after\": \"0s\", \"channels\": []},\n    {\"after\": \"30m\", \"owner\": true}\n  ],\n  \"repeat\": {\"every\": \"1h\", \"times\": 3}\n}";
    }

    /** The page, and what was typed into the new-policy form ({@code name}, {@code json}) after an error. */
    public record Page(AlertRulesView view, Map<String, String> newPolicy) {
        public String newName() {
            return newPolicy.getOrDefault("name", "");
        }

        public String newJson() {
            return newPolicy.getOrDefault("json", view.newPolicyJson());
        }
    }

}
