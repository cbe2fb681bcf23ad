package dev.vigil.web.ui;

import dev.vigil.domain.AuditEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The audit page's model: the filter, a page of entries (newest first) and the id to page back from. */
public record AuditView(Filter filter, List<Row> rows, Long next) {

    public record Page(Chrome chrome, AuditView view) {}

    public record Filter(String action, String actor, String target) {}

    /** An entry and the slug of its project (null for none). */
    public record Row(AuditEntry entry, String project) {
        public String who() {
            var a = entry.actor();
            return a.name() + (a.keyId() == null ? "" : " (key " + a.keyId() + ")");
        }
    }

    /** The link to the next, older page, with the same filter. */
    public String olderHref() {
        StringBuilder q = new StringBuilder(Dashboard.ROOT + "/audit?before=" + next);
        add(q, "action", filter.action());
        add(q, "actor", filter.actor());
        add(q, "target", filter.target());
        return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
        if (value != null) q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
