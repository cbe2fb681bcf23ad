package dev.vigil.store;

import dev.vigil.domain.ApiKey;
import java.util.List;
import java.util.Optional;

public interface ApiKeyStore {
    /** Inserts the key (its id is ignored); the hash is unique. */
    ApiKey insert(ApiKey key);

    Optional<ApiKey> byHash(String hash);

    Optional<ApiKey> byId(long id);

    /** Ordered by id. */
    List<ApiKey> list();

    /**
     * Locks the admin keys valid in every project until the transaction ends, and counts them. Call
     * it before deleting one: two transactions deleting two such keys at once then cannot each see
     * the other's key still there and leave the API with no admin.
     */
    int lockGlobalAdmins();

    /** Replaces the stored hash and prefix of a key (a configured key moved to a slow hash); false if it is gone. */
    boolean rehash(long id, String hash, String prefix);

    boolean delete(long id);
}
