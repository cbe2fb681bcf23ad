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
     * @param editor {@code routes}, {@code add-route}, {@code policy:<name>} or {@code new-policy}
     * @param field  the JSON path the error names ({@code routes[1].channels[0]}), or null
     */
    public record Error(String editor, String field, String message) {}

    /** The project's escalation policy names, for the add-route form. */
    public List<String> policyNames() {
        return policies.stream().map(Policy::name).toList();
    }

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

    /**
     * The page: the view, what was typed into the new-policy form ({@code name}, {@code json}) and the
     * add-route form ({@code name}, {@code tags}, {@code owners}, {@code severities}, {@code channels},
     * {@code escalation}, {@code continue}; lists comma-separated) after an error, and the routes as stored.
     */
    public record Page(AlertRulesView view, Map<String, String> newPolicy, List<dev.vigil.domain.AlertRoute> routeList,
                       Map<String, String> addRoute) {
        public String newName() {
            return newPolicy.getOrDefault("name", "");
        }

        public String newJson() {
            return newPolicy.getOrDefault("json", view.newPolicyJson());
        }

        public String added(String field) {
            return addRoute.getOrDefault(field, "");
        }

        /** Whether {@code value} is checked in the add-route form's list {@code field}. */
        public boolean addedHas(String field, String value) {
            return java.util.Arrays.asList(added(field).split(",")).contains(value);
        }

        /** The add-route form's error about {@code field} (name, tags, owners, severities, channels, escalation), or null. */
        public String addError(String field) {
            Error e = view.errorFor("add-route");
            return e != null && field.equals(e.field()) ? e.message() : null;
        }

        /** A route's match in words: {@code tags db, backup · owner ops · critical}. */
        public static String match(dev.vigil.domain.AlertRoute r) {
            List<String> parts = new java.util.ArrayList<>();
            if (!r.tags().isEmpty()) parts.add("tags " + String.join(", ", r.tags()));
            if (!r.owners().isEmpty()) parts.add("owners " + String.join(", ", r.owners()));
            parts.add(r.severities().isEmpty() ? "critical" : String.join(" and ", r.severities()));
            return String.join(" · ", parts);
        }
    }
}
