package dev.vigil.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/** A namespace such as {@code dev} or {@code prod}; its ping key addresses jobs by slug in ping URLs. */
public record Project(long id, String slug, String name, String pingKey, Instant createdAt) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?");

    /**
     * Checks a project or job slug: lower-case {@code [a-z0-9_-]} as Healthchecks allows, at most 64
     * characters; not starting or ending with {@code -}, so that a slug never reads as a command-line option.
     */
    public static String checkSlug(String slug, String field) {
        if (slug == null || slug.isEmpty()) {
            throw new ValidationException(field, "is required");
        }
        if (slug.length() > 64) {
            throw new ValidationException(field, "must be at most 64 characters, got " + slug.length());
        }
        if (!SLUG.matcher(slug).matches()) {
            throw new ValidationException(field, "'" + slug + "' must be lower-case letters, digits, '_' and '-', "
                    + "not starting or ending with '-'");
        }
        return slug;
    }

    /** For logs: without the ping key, which can ping every job of the project. */
    @Override
    public String toString() {
        return "Project[" + slug + ", id " + id + "]";
    }
}
