package dev.vigil.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * An API key. Only a hash of the secret is stored; {@code prefix} (the first characters of the key)
 * identifies it in lists and logs without revealing it.
 *
 * @param projectId null for a key valid in every project
 */
public record ApiKey(long id, String name, String prefix, String hash, Long projectId, Role role, Instant createdAt) {

    public enum Role {
        VIEWER, OPERATOR, EDITOR, ADMIN;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }
}
