package dev.vigil.app;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.Optional;

/**
 * Authentication from the first start (PRODUCT.md §9): a configured admin key is registered (by
 * hash) if new; otherwise, when no admin key exists yet, one is generated and returned so that it
 * can be printed exactly once. A configured agent join token is registered alike, as an agent key.
 * Only hashes are stored: configured secrets, which people may choose, with a salted slow hash and
 * no prefix ({@link ApiKeys#slowHash}); one registered by an older version with a plain SHA-256 is
 * moved to a slow hash on start.
 */
final class AdminKeyBootstrap {
    static final String AGENT_TOKEN_NAME = "agent token (configured)";

    private AdminKeyBootstrap() {}

    /** Returns the newly generated key, to print once; empty if a key existed or was configured. */
    static Optional<String> ensure(Transactor store, String configuredKey, Instant now) {
        return store.write(tx -> {
            if (configuredKey != null) {
                ConfigLoader.adminKey(configuredKey);
                if (configured(tx, configuredKey).isEmpty()) {
                    tx.apiKeys().insert(new ApiKey(0, "admin (configured)", null, ApiKeys.slowHash(configuredKey), null,
                            ApiKey.Role.ADMIN, now));
                }
                return Optional.empty();
            }
            boolean hasAdmin = tx.apiKeys().list().stream()
                    .anyMatch(k -> k.role() == ApiKey.Role.ADMIN && k.projectId() == null);
            if (hasAdmin) return Optional.empty();
            String key = ApiKeys.generate();
            tx.apiKeys().insert(new ApiKey(0, "admin", ApiKeys.prefix(key), ApiKeys.hash(key), null, ApiKey.Role.ADMIN, now));
            return Optional.of(key);
        });
    }

    /**
     * Registers {@code VIGIL_AGENT_TOKEN} (by hash) as an agent key valid in every project, if new.
     * A token that is the secret of a key with another role is refused: it would act with that role.
     */
    static void registerAgentToken(Transactor store, String token, Instant now) {
        ConfigLoader.agentToken(token);
        store.write(tx -> {
            Optional<ApiKey> existing = configured(tx, token);
            if (existing.isEmpty()) {
                return tx.apiKeys().insert(new ApiKey(0, AGENT_TOKEN_NAME, null, ApiKeys.slowHash(token), null,
                        ApiKey.Role.AGENT, now));
            }
            if (existing.get().role() != ApiKey.Role.AGENT) {
                throw new ValidationException("VIGIL_AGENT_TOKEN", "is the secret of an existing "
                        + existing.get().role().wire() + " key; use a token of its own");
            }
            return existing.get();
        });
    }

    /**
     * The key whose secret is {@code secret}: one with a slow hash, or one with a plain SHA-256
     * (registered before slow hashes, or generated), which is then moved to a slow hash without prefix.
     */
    private static Optional<ApiKey> configured(Tx tx, String secret) {
        for (ApiKey k : tx.apiKeys().list()) {
            if (ApiKeys.isSlow(k.hash()) && ApiKeys.matchesSlow(secret, k.hash())) return Optional.of(k);
        }
        Optional<ApiKey> plain = tx.apiKeys().byHash(ApiKeys.hash(secret));
        plain.ifPresent(k -> tx.apiKeys().rehash(k.id(), ApiKeys.slowHash(secret), null));
        return plain;
    }
}
