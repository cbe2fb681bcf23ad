package dev.vigil.store;

import dev.vigil.domain.ApiKey;
import java.time.Instant;
import java.util.Optional;

/** Dashboard sessions, each opened by logging in with an API key and living no longer than it. */
public interface SessionStore {
    /** A live session: the key it acts as and the token its forms must carry. */
    record Session(String hash, ApiKey key, String csrf, Instant createdAt, Instant expiresAt) {}

    void insert(String hash, long apiKeyId, String csrf, Instant createdAt, Instant expiresAt);

    /** The session with this cookie hash if it has not expired at {@code now} and its key still exists. */
    Optional<Session> live(String hash, Instant now);

    boolean delete(String hash);

    /** Removes sessions expired at {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
