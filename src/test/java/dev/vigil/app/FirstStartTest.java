package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import java.util.List;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start creates the admin key (shown once) and the example project; later starts do neither. */
class FirstStartTest {
    @TempDir
    Path data;

    @Test
    void first_start_generates_an_admin_key_and_the_example_project_once() {
        Config config = Config.forTests(data).withExample(true);
        String key;
        try (Vigil first = Vigil.start(config, Clock.systemUTC())) {
            key = first.generatedAdminKey().orElseThrow();
            assertThat(key).startsWith("vk_").hasSize(43);
            java.util.List<dev.vigil.domain.ApiKey> stored = first.store().read(tx -> tx.apiKeys().list());
            assertThat(stored).singleElement().satisfies(k -> {
                assertThat(k.hash()).isEqualTo(ApiKeys.hash(key));
                assertThat(k.prefix()).isEqualTo(key.substring(0, 7));
            });
            assertThat(first.exampleProject().slug()).isEqualTo("example");
            long jobs = first.store().read(tx -> tx.jobs().count());
            assertThat(jobs).isEqualTo(5);
            java.util.List<dev.vigil.domain.Channel> channels =
                    first.store().read(tx -> tx.channels().byProject(first.exampleProject().id()));
            assertThat(channels).extracting(c -> c.kind()).containsExactly("log");
        }
        try (Vigil second = Vigil.start(config, Clock.systemUTC())) {
            assertThat(second.generatedAdminKey()).isEmpty();
            assertThat(second.exampleProject()).isNull();
            java.util.Optional<dev.vigil.domain.ApiKey> found = second.store().read(tx -> tx.apiKeys().byHash(ApiKeys.hash(key)));
            assertThat(found).isPresent();
        }
    }

    @Test
    void a_configured_admin_key_replaces_generation() {
        try (Vigil v = Vigil.start(Config.forTests(data).withAdminKey("vk_configured_key_12345"), Clock.systemUTC())) {
            assertThat(v.generatedAdminKey()).isEmpty();
            ApiKey stored = v.store().read(tx -> tx.apiKeys().list()).getFirst();
            assertThat(stored.role()).isEqualTo(ApiKey.Role.ADMIN);
            // People choose configured keys: a salted slow hash, and no part of the key shown.
            assertThat(ApiKeys.isSlow(stored.hash())).isTrue();
            assertThat(ApiKeys.matchesSlow("vk_configured_key_12345", stored.hash())).isTrue();
            assertThat(ApiKeys.matchesSlow("vk_configured_key_12346", stored.hash())).isFalse();
            assertThat(stored.prefix()).isNull();
        }
    }

    @Test
    void a_configured_key_stored_by_an_older_version_with_a_plain_hash_moves_to_a_slow_hash_and_loses_its_prefix() {
        String key = "vk_configured_key_12345";
        try (Vigil v = Vigil.start(Config.forTests(data).withAdminKey("vk_other_admin_key_000"), Clock.systemUTC())) {
            v.store().write(tx -> tx.apiKeys().insert(new ApiKey(0, "admin (configured)", ApiKeys.prefix(key), ApiKeys.hash(key),
                    null, ApiKey.Role.ADMIN, java.time.Instant.now())));
        }
        try (Vigil v = Vigil.start(Config.forTests(data).withAdminKey(key), Clock.systemUTC())) {
            List<ApiKey> keys = v.store().read(tx -> tx.apiKeys().list());
            assertThat(keys).hasSize(2).allSatisfy(k -> {
                assertThat(ApiKeys.isSlow(k.hash())).isTrue();
                assertThat(k.prefix()).isNull();
            });
            java.util.Optional<ApiKey> plain = v.store().read(tx -> tx.apiKeys().byHash(ApiKeys.hash(key)));
            assertThat(plain).isEmpty();
        }
    }

    @Test
    void a_configured_agent_token_is_registered_once_as_an_agent_key_for_every_project() {
        String token = "vt_configured_agent_token_123";
        Config config = Config.forTests(data).withAdminKey("vk_configured_key_12345").withAgentToken(token);
        try (Vigil v = Vigil.start(config, Clock.systemUTC())) {
            ApiKey stored = v.store().read(tx -> tx.apiKeys().list()).stream().filter(k -> k.role() == ApiKey.Role.AGENT)
                    .findFirst().orElseThrow();
            assertThat(stored.name()).isEqualTo("agent token (configured)");
            assertThat(stored.projectId()).isNull();
            assertThat(ApiKeys.matchesSlow(token, stored.hash())).isTrue();
            assertThat(stored.prefix()).isNull();
        }
        try (Vigil again = Vigil.start(config, Clock.systemUTC())) {
            List<ApiKey> keys = again.store().read(tx -> tx.apiKeys().list());
            assertThat(keys).filteredOn(k -> k.role() == ApiKey.Role.AGENT).hasSize(1);
        }
    }

    @Test
    void an_agent_token_equal_to_the_admin_key_is_refused_rather_than_acting_as_admin() {
        Config config = Config.forTests(data).withAdminKey("vk_configured_key_12345").withAgentToken("vk_configured_key_12345");
        assertThatThrownBy(() -> Vigil.start(config, Clock.systemUTC()).close())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("VIGIL_AGENT_TOKEN").hasMessageContaining("admin key");
    }
}
