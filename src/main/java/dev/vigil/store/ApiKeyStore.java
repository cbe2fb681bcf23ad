package dev.vigil.store;

import dev.vigil.domain.ApiKey;
import java.util.List;
import java.util.Optional;

public interface ApiKeyStore {
    /** Inserts the key (its id is ignored); the hash is unique. */
    ApiKey insert(ApiKey key);

    Optional<ApiKey> byHash(String hash);

    List<ApiKey> list();

    boolean delete(long id);
}
