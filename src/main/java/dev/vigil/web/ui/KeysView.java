package dev.vigil.web.ui;

import dev.vigil.web.KeyChanges;
import java.util.List;
import java.util.Map;

/**
 * The API keys an admin may manage, the form to create one, and a key just created with its secret,
 * which is shown this once.
 *
 * @param projects   the projects a new key may be bound to; for an admin key bound to a project, that one
 * @param anyProject whether a new key may be valid in every project (the caller's own key is)
 * @param created    the key this request created, with its secret; null otherwise
 * @param done       what the last change did ("Key revoked."); null if nothing
 * @param errorField the form field the error is about (name, role, project), or {@code form}
 */
public record KeysView(Chrome chrome, List<KeyChanges.Listed> keys, long ownId, List<String> projects, boolean anyProject,
                       KeyChanges.Created created, String done, Map<String, String> values, String errorField, String error) {
    public static final List<String> ROLES = List.of("viewer", "operator", "editor", "admin", "agent");

    public String value(String name, String otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : v;
    }

    public String errorFor(String field) {
        return field.equals(errorField) ? error : null;
    }
}
