package dev.vigil.web.ui;

import dev.vigil.alert.ChannelRegistry;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Project;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's alert channels, the form that defines one, and the answer to a test.
 *
 * @param done what the last change did, said at the top ("Channel created."); null if nothing
 */
public record ChannelsView(Project project, boolean admin, String csrf, List<Row> channels, String done) {

    ChannelsView withDone(String done) {
        return new ChannelsView(project, admin, csrf, channels, done);
    }

    public record Page(Chrome chrome, ChannelsView view, Form form) {}

    /** The edit page of one channel. */
    public record EditPage(Chrome chrome, Form form) {}

    public String path() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/channels";
    }

    /** @param failingError why it fails, as the caller may see it; null while it works */
    public record Row(Channel c, String failingError) {}

    /**
     * The create or edit form: what was typed (never a stored secret), which secrets are set, and the
     * error of the last try next to its field.
     *
     * @param id         the channel's id when editing; null when creating
     * @param setSecrets the secret fields that have a stored value (left empty, they keep it), each with
     *                   what may be said of it ({@code https://hooks.example.com/…}) or ""
     * @param errorField the input the error is about ({@code name}, {@code kind}, {@code config.url} …), or {@code form}
     */
    public record Form(Project project, String csrf, Long id, Set<String> kinds, String kind, Map<String, String> values,
                       boolean fallback, Map<String, String> setSecrets, String errorField, String error) {
        public String action() {
            String base = Dashboard.ROOT + "/p/" + project.slug() + "/channels";
            return id == null ? base : base + "/" + id;
        }

        public String kindsUrl() {
            return Dashboard.ROOT + "/p/" + project.slug() + "/channels/form";
        }

        public List<ChannelFields.Field> fields() {
            return ChannelFields.of(kind);
        }

        public String value(String name) {
            String v = values.get(name);
            return v == null ? "" : v;
        }

        public boolean secretSet(ChannelFields.Field f) {
            return setSecrets.containsKey(f.input());
        }

        public String secretHint(ChannelFields.Field f) {
            return setSecrets.getOrDefault(f.input(), "");
        }

        public String errorFor(String field) {
            return field.equals(errorField) ? error : null;
        }

        /** {@code config.url} → {@code channel-config-url}: an element id. */
        public static String domId(String input) {
            return "channel-" + input.replaceAll("[^A-Za-z0-9]", "-");
        }
    }

    /** The answer to "send a test", shown in the channel's row. */
    public record Test(long id, ChannelRegistry.TestResult result) {}
}
