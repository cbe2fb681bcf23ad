package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ConflictException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

public abstract class ApiKeyStoreContract extends StoreContract {

    private ApiKey key(String name, String hash, Long projectId, ApiKey.Role role) {
        return db.write(tx -> tx.apiKeys().insert(new ApiKey(0, name, "vk_" + name, hash, projectId, role, T0)));
    }

    @Test
    void an_inserted_key_is_found_by_hash() {
        long prod = project("prod").id();

        ApiKey stored = key("ci", "hash-1", prod, ApiKey.Role.OPERATOR);

        assertThat(stored).isEqualTo(new ApiKey(stored.id(), "ci", "vk_ci", "hash-1", prod, ApiKey.Role.OPERATOR, T0));
        assertThat(db.read((Tx tx) -> tx.apiKeys().byHash("hash-1"))).contains(stored);
        assertThat(db.read((Tx tx) -> tx.apiKeys().byHash("other"))).isEmpty();
    }

    @Test
    void a_key_for_every_project_has_no_project() {
        ApiKey stored = key("admin", "hash-1", null, ApiKey.Role.ADMIN);

        assertThat(db.read((Tx tx) -> tx.apiKeys().byHash("hash-1"))).map(ApiKey::projectId).isEmpty();
        assertThat(stored.role()).isEqualTo(ApiKey.Role.ADMIN);
    }

    @Test
    void duplicate_hash_is_a_conflict() {
        key("a", "same", null, ApiKey.Role.VIEWER);

        assertThatThrownBy(() -> key("b", "same", null, ApiKey.Role.VIEWER)).isInstanceOf(ConflictException.class);
    }

    @Test
    void list_shows_every_key_and_delete_removes_one() {
        ApiKey a = key("a", "h1", null, ApiKey.Role.VIEWER);
        ApiKey b = key("b", "h2", null, ApiKey.Role.EDITOR);

        assertThat(db.write((Tx tx) -> tx.apiKeys().delete(a.id()))).isTrue();
        assertThat(db.write((Tx tx) -> tx.apiKeys().delete(a.id()))).isFalse();
        assertThat(db.read((Tx tx) -> tx.apiKeys().list())).containsExactly(b);
    }

    @Test
    void a_key_is_found_by_id() {
        ApiKey a = key("a", "h1", null, ApiKey.Role.AGENT);

        assertThat(db.read((Tx tx) -> tx.apiKeys().byId(a.id()))).contains(a);
        assertThat(db.read((Tx tx) -> tx.apiKeys().byId(a.id() + 1))).isEmpty();
    }

    @Test
    void lock_global_admins_counts_the_admin_keys_valid_in_every_project() {
        long prod = project("prod").id();
        key("root", "h1", null, ApiKey.Role.ADMIN);
        key("prod-admin", "h2", prod, ApiKey.Role.ADMIN);
        key("editor", "h3", null, ApiKey.Role.EDITOR);
        key("agent", "h4", null, ApiKey.Role.AGENT);

        assertThat(db.write((Tx tx) -> tx.apiKeys().lockGlobalAdmins())).isEqualTo(1);
        key("second", "h5", null, ApiKey.Role.ADMIN);
        assertThat(db.write((Tx tx) -> tx.apiKeys().lockGlobalAdmins())).isEqualTo(2);
    }

    @Test
    void a_transaction_waiting_for_the_admin_lock_counts_without_a_key_deleted_meanwhile() throws Exception {
        ApiKey a = key("a", "h1", null, ApiKey.Role.ADMIN);
        key("b", "h2", null, ApiKey.Role.ADMIN);
        CountDownLatch locked = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Integer> first = pool.submit(() -> db.write((Tx tx) -> {
                int seen = tx.apiKeys().lockGlobalAdmins();
                tx.apiKeys().delete(a.id());
                locked.countDown();
                sleep(300); // lets the second transaction reach the lock before this one commits
                return seen;
            }));
            locked.await();
            int second = db.write((Tx tx) -> tx.apiKeys().lockGlobalAdmins());

            assertThat(first.get()).isEqualTo(2);
            assertThat(second).isEqualTo(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
