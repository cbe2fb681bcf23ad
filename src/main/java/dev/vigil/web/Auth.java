package dev.vigil.web;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.VigilException;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates API calls: {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}. Known
 * keys are cached briefly, so a deleted key stops working within the cache lifetime.
 */
final class Auth {
    static final String KEY_ATTRIBUTE = "vigil.apiKey";
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final Transactor store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<ApiKey> key, Instant until) {}

    Auth(Transactor store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void authenticate(Context ctx) {
        String presented = presentedKey(ctx);
        if (presented == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new VigilException("unauthorized", "an API key is required: Authorization: Bearer <key> or X-Api-Key: <key>");
        }
        ApiKey key = lookup(ApiKeys.hash(presented))
                .orElseThrow(() -> new VigilException("unauthorized", "unknown API key"));
        ctx.attribute(KEY_ATTRIBUTE, key);
    }

    static ApiKey key(Context ctx) {
        return ctx.attribute(KEY_ATTRIBUTE);
    }

    /** Throws 403 unless the caller's key has {@code role} in the project (null: not project-bound). */
    static void require(Context ctx, ApiKey.Role role, Long projectId) {
        ApiKey key = key(ctx);
        if (key == null || !ApiKeys.allows(key, role, projectId)) {
            throw new VigilException("forbidden", "this API key may not do this (needs " + role.wire() + ")");
        }
    }

    private Optional<ApiKey> lookup(String hash) {
        Instant now = clock.instant();
        Cached c = cache.get(hash);
        if (c != null && now.isBefore(c.until())) return c.key();
        Optional<ApiKey> key = store.read(tx -> tx.apiKeys().byHash(hash));
        if (cache.size() > 10_000) cache.clear(); // unknown keys must not grow the cache without bound
        cache.put(hash, new Cached(key, now.plus(CACHE_FOR)));
        return key;
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String k = auth.substring(7).trim();
            if (!k.isEmpty()) return k;
        }
        String k = ctx.header("X-Api-Key");
        return k == null || k.isBlank() ? null : k.trim();
    }
}
