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

    /**
     * What a key may do. {@code viewer < operator < editor < admin} are ranked, each allowing what
     * the ones below it allow; {@code agent} stands apart: it may only take and report work
     * (PRODUCT.md §9), and only admin keys may also do what it does. The rules are in
     * {@code security.ApiKeys#grants}; never compare roles by declaration order. Stored as {@link #wire()}.
     */
    public enum Role {
        VIEWER, OPERATOR, EDITOR, ADMIN, AGENT;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }
}
