package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults_apply_when_nothing_is_set() {
        Config c = ConfigLoader.load(Map.of(), Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.dbUrl()).isNull();
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.pingBodyLimit()).isEqualTo(10_000);
        assertThat(c.recheckWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.example()).isTrue();
        assertThat(c.runLogLimit()).isEqualTo(1 << 20);
        assertThat(c.runLogRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.embeddedAgentCapacity()).isEqualTo(Config.DEFAULT_EMBEDDED_AGENT_CAPACITY).isEqualTo(1_024);
    }

    @Test
    void outbound_requests_deny_loopback_by_default_and_follow_the_deny_and_allow_settings() throws Exception {
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        java.net.InetAddress internal = java.net.InetAddress.getByName("10.1.2.3");
        Config released = ConfigLoader.load(Map.of(), Map.of());
        assertThat(released.outbound()).isEqualTo(dev.vigil.util.OutboundPolicy.defaults());
        assertThat(released.outbound().refusal("h", loopback)).isNotNull();

        Config configured = ConfigLoader.load(Map.of(), Map.of("VIGIL_OUTBOUND_DENY", "default,10.0.0.0/8",
                "VIGIL_OUTBOUND_ALLOW", "127.0.0.1, localhost"));
        assertThat(configured.outbound().refusal("h", loopback)).isNull();
        assertThat(configured.outbound().refusal("h", internal)).contains("10.0.0.0/8");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_OUTBOUND_ALLOW", "127.0.0.1/40")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("VIGIL_OUTBOUND_ALLOW"));

        assertThat(Config.forTests(dir).outbound().refusal("h", loopback)).as("tests allow loopback, in this one place").isNull();
    }

    @Test
    void the_embedded_agents_capacity_comes_from_flag_file_or_environment_within_its_bounds() throws Exception {
        Path file = dir.resolve("vigil.properties");
        Files.writeString(file, "VIGIL_EMBEDDED_AGENT_CAPACITY=32\n");
        assertThat(ConfigLoader.load(Map.of(), Map.of("VIGIL_EMBEDDED_AGENT_CAPACITY", "8")).embeddedAgentCapacity()).isEqualTo(8);
        assertThat(ConfigLoader.load(Map.of(), Map.of("VIGIL_CONFIG", file.toString(), "VIGIL_EMBEDDED_AGENT_CAPACITY", "8"))
                .embeddedAgentCapacity()).isEqualTo(32);
        assertThat(ConfigLoader.load(Map.of("VIGIL_EMBEDDED_AGENT_CAPACITY", "1"), Map.of("VIGIL_CONFIG", file.toString()))
                .embeddedAgentCapacity()).isEqualTo(1);
        assertThat(ConfigLoader.load(Map.of(), Map.of("VIGIL_EMBEDDED_AGENT_CAPACITY", "10000")).embeddedAgentCapacity())
                .isEqualTo(dev.vigil.execution.Dispatcher.MAX_CAPACITY);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_EMBEDDED_AGENT_CAPACITY", "0")))
                .hasMessageContaining("VIGIL_EMBEDDED_AGENT_CAPACITY").hasMessageContaining("between 1 and 10000");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_EMBEDDED_AGENT_CAPACITY", "10001")))
                .hasMessageContaining("VIGIL_EMBEDDED_AGENT_CAPACITY");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VIGIL_EMBEDDED_AGENT_CAPACITY", "lots"), Map.of()))
                .hasMessageContaining("VIGIL_EMBEDDED_AGENT_CAPACITY").hasMessageContaining("'lots' is not a whole number");
    }

    @Test
    void flags_beat_the_config_file_which_beats_the_environment() throws Exception {
        Path file = dir.resolve("vigil.properties");
        Files.writeString(file, "VIGIL_HTTP_PORT=9000\nVIGIL_BASE_URL=https://file.example\n");
        Map<String, String> env = Map.of("VIGIL_HTTP_PORT", "7000", "VIGIL_BASE_URL", "https://env.example",
                "VIGIL_DATA_DIR", "/env/data", "VIGIL_CONFIG", file.toString());
        Config c = ConfigLoader.load(Map.of("VIGIL_HTTP_PORT", "9100"), env);
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.baseUrl()).isEqualTo("https://file.example");
        assertThat(c.dataDir()).isEqualTo(Path.of("/env/data"));
    }

    @Test
    void secrets_can_be_read_from_a_file_named_by_the_file_variant() throws Exception {
        Path secret = dir.resolve("admin-key");
        Files.writeString(secret, "vk_from_a_file_1234567890\n");
        Config c = ConfigLoader.load(Map.of(), Map.of("VIGIL_ADMIN_KEY_FILE", secret.toString()));
        assertThat(c.adminKey()).isEqualTo("vk_from_a_file_1234567890");
    }

    @Test
    void malformed_values_are_rejected_naming_the_setting() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_EXAMPLE", "ture")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("VIGIL_EXAMPLE").hasMessageContaining("ture");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_HTTP_PORT", "80x")))
                .hasMessageContaining("VIGIL_HTTP_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_HTTP_PORT", "70000")))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_RECHECK_WINDOW", "a while")))
                .hasMessageContaining("VIGIL_RECHECK_WINDOW");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_RUN_LOG_RETENTION", "0s")))
                .hasMessageContaining("VIGIL_RUN_LOG_RETENTION").hasMessageContaining("more than 0");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_RUN_LOG_LIMIT", "999")))
                .hasMessageContaining("VIGIL_RUN_LOG_LIMIT");
    }

    @Test
    void an_unknown_key_in_the_config_file_is_an_error_but_unrelated_environment_is_ignored() throws Exception {
        Path file = dir.resolve("vigil.properties");
        Files.writeString(file, "VIGIL_HTTP_PROT=9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VIGIL_CONFIG", file.toString()), Map.of()))
                .hasMessageContaining("VIGIL_HTTP_PROT").hasMessageContaining("unknown setting");
        assertThat(ConfigLoader.load(Map.of(), Map.of("VIGIL_SOMETHING_ELSE", "x", "PATH", "/bin")).httpPort()).isEqualTo(8080);
    }

    @Test
    void a_setting_and_its_file_variant_together_are_an_error_and_short_admin_keys_are_refused() throws Exception {
        Path secret = dir.resolve("k");
        Files.writeString(secret, "vk_from_a_file_1234567890");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(),
                Map.of("VIGIL_ADMIN_KEY", "vk_inline_key_1234567890", "VIGIL_ADMIN_KEY_FILE", secret.toString())))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("VIGIL_ADMIN_KEY", "short")))
                .hasMessageContaining("VIGIL_ADMIN_KEY").hasMessageContaining("16");
    }
}
