package dev.vigil.web.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What applying a document changes (docs/jobs-as-code.md): the changes in the order they are applied,
 * and how many defined objects are already as the document says.
 */
public record Plan(Document document, Options options, List<Change> changes, int unchanged) {
    /** A secret's value in a diff: that it changed shows, not what to. */
    public static final TextNode SECRET = TextNode.valueOf("(secret)");

    /**
     * @param source which apply manages what it defines; two sources never prune each other's objects
     * @param adopt  take over objects that exist unmanaged (made in the dashboard or the API)
     * @param prune  delete what this source manages and the document no longer defines
     */
    public record Options(String source, boolean adopt, boolean prune) {}

    /** How one field differs; {@link #SECRET} for a secret's values. */
    public record Diff(String field, JsonNode before, JsonNode after) {}

    public enum Action {
        CREATE, UPDATE, DELETE, ADOPT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One object created, changed, deleted or adopted.
     *
     * @param kind {@code project}, or a {@link dev.vigil.domain.Managed} kind
     * @param name the job's slug, the object's name; the project's slug for projects and routes
     */
    public record Change(String project, String kind, String name, Action action, List<Diff> diff) {
        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("project", project);
            m.put("kind", kind);
            m.put("name", name);
            m.put("action", action.wire());
            m.put("diff", diff.stream().map(d -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("field", d.field());
                v.put("before", d.before());
                v.put("after", d.after());
                return v;
            }).toList());
            return m;
        }
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
