package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.ApiKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

public abstract class SessionStoreContract extends StoreContract {
    private static final Instant EXPIRES = T0.plus(Duration.ofHours(12));

    private ApiKey key(String hash, ApiKey.Role role) {
        return db.write((Tx tx) -> tx.apiKeys().insert(new ApiKey(0, "k-" + hash, "vk_" + hash, hash, null, role, T0)));
    }

    @Test
    void a_live_session_carries_its_key_and_csrf_token() {
        ApiKey key = key("h1", ApiKey.Role.OPERATOR);
        db.write((Tx tx) -> { tx.sessions().insert("s1", key.id(), "csrf-1", T0, EXPIRES); return null; });

        SessionStore.Session s = db.read((Tx tx) -> tx.sessions().live("s1", T0.plusSeconds(60))).orElseThrow();

        assertThat(s.key()).isEqualTo(key);
        assertThat(s.csrf()).isEqualTo("csrf-1");
        assertThat(s.createdAt()).isEqualTo(T0);
        assertThat(s.expiresAt()).isEqualTo(EXPIRES);
        assertThat(db.read((Tx tx) -> tx.sessions().live("other", T0))).isEmpty();
    }

    @Test
    void an_expired_session_is_not_live_and_is_swept() {
        ApiKey key = key("h1", ApiKey.Role.VIEWER);
        db.write((Tx tx) -> { tx.sessions().insert("old", key.id(), "c", T0, T0.plusSeconds(10)); return null; });
        db.write((Tx tx) -> { tx.sessions().insert("new", key.id(), "c", T0, EXPIRES); return null; });

        assertThat(db.read((Tx tx) -> tx.sessions().live("old", T0.plusSeconds(10)))).isEmpty();
        assertThat(db.write((Tx tx) -> tx.sessions().deleteExpired(T0.plusSeconds(10)))).isEqualTo(1);
        assertThat(db.read((Tx tx) -> tx.sessions().live("new", T0.plusSeconds(10)))).isPresent();
    }

    @Test
    void deleting_the_key_ends_its_sessions_and_logout_ends_one() {
        ApiKey a = key("h1", ApiKey.Role.ADMIN);
        ApiKey b = key("h2", ApiKey.Role.ADMIN);
        db.write((Tx tx) -> { tx.sessions().insert("sa", a.id(), "c", T0, EXPIRES); return null; });
        db.write((Tx tx) -> { tx.sessions().insert("sb", b.id(), "c", T0, EXPIRES); return null; });

        db.write((Tx tx) -> tx.apiKeys().delete(a.id()));
        assertThat(db.read((Tx tx) -> tx.sessions().live("sa", T0))).isEmpty();

        assertThat(db.write((Tx tx) -> tx.sessions().delete("sb"))).isTrue();
        assertThat(db.read((Tx tx) -> tx.sessions().live("sb", T0))).isEmpty();
        assertThat(db.write((Tx tx) -> tx.sessions().delete("sb"))).isFalse();
    }
}
