package dev.vigil.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path home;
    final List<String> warnings = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();

    ClientSettings resolve(String server, String key, String profile, String config) {
        env.putIfAbsent("HOME", home.toString());
        return ClientSettings.resolve(new ClientSettings.Flags(server, key, profile, config), env, warnings::add);
    }

    Path config(String text) throws IOException {
        Path file = home.resolve(".config/vigil/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static final String TWO_PROFILES = """
            # two servers
            [default]
            server = http://prod.example:8080/
            key = vk_prod

            [staging]
            server = http://staging.example:8080
            ; a key kept elsewhere
            keyFile = ~/staging.key
            """;

    @Test
    void flags_beat_the_environment_which_beats_the_default_profile() throws IOException {
        config(TWO_PROFILES);
        assertThat(resolve(null, null, null, null)).isEqualTo(new ClientSettings("http://prod.example:8080", "vk_prod",
                "profile [default] in " + home.resolve(".config/vigil/config")));
        env.put("VIGIL_SERVER", "http://env.example");
        env.put("VIGIL_KEY", "vk_env");
        assertThat(resolve(null, null, null, null)).isEqualTo(new ClientSettings("http://env.example", "vk_env", "VIGIL_KEY"));
        assertThat(resolve("https://flag.example", "vk_flag", null, null))
                .isEqualTo(new ClientSettings("https://flag.example", "vk_flag", "--key"));
    }

    @Test
    void a_profile_named_on_purpose_beats_the_environment_but_not_the_flags() throws IOException {
        config(TWO_PROFILES);
        Files.writeString(home.resolve("staging.key"), "vk_staging\n");
        env.put("VIGIL_SERVER", "http://env.example");
        env.put("VIGIL_KEY", "vk_env");
        assertThat(resolve(null, null, "staging", null).server()).isEqualTo("http://staging.example:8080");
        assertThat(resolve(null, null, "staging", null).key()).isEqualTo("vk_staging");
        env.put("VIGIL_PROFILE", "staging");
        assertThat(resolve(null, null, null, null).key()).isEqualTo("vk_staging");
        assertThat(resolve(null, "vk_flag", null, null).key()).isEqualTo("vk_flag");
        assertThat(resolve(null, null, "default", null).key()).isEqualTo("vk_prod");
    }

    @Test
    void xdg_config_home_and_config_flag_choose_the_file() throws IOException {
        Path xdg = Files.createDirectories(home.resolve("xdg/vigil"));
        Files.writeString(xdg.resolve("config"), "[default]\nserver = http://xdg.example\nkey = vk_xdg\n");
        Files.setPosixFilePermissions(xdg.resolve("config"), PosixFilePermissions.fromString("rw-------"));
        env.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        assertThat(resolve(null, null, null, null).server()).isEqualTo("http://xdg.example");
        Path other = home.resolve("other");
        Files.writeString(other, "[default]\nserver = http://other.example\nkey = vk_other\n");
        assertThat(resolve(null, null, null, other.toString()).server()).isEqualTo("http://other.example");
        assertThatThrownBy(() -> resolve(null, null, null, home.resolve("nope").toString()))
                .hasMessageContaining("no such file");
    }

    @Test
    void a_key_in_a_file_others_can_read_is_warned_about() throws IOException {
        Path file = config(TWO_PROFILES);
        resolve(null, null, null, null);
        assertThat(warnings).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        resolve(null, null, null, null);
        assertThat(warnings).singleElement().asString().contains("holds an API key and others can read it", "chmod 600 " + file);
    }

    @Test
    void mistakes_are_named_with_their_place_and_exit_code() throws IOException {
        config("[default]\nserver = http://x\ntimeout = 5\n");
        assertThatThrownBy(() -> resolve(null, null, null, null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("line 3: unknown setting 'timeout'");
        config(TWO_PROFILES);
        assertThatThrownBy(() -> resolve(null, null, "qa", null)).hasMessageContaining("no profile [qa]", "profiles: default, staging");
        config("");
        assertThatThrownBy(() -> resolve(null, "vk", null, null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("no server: give --server URL, set VIGIL_SERVER");
        assertThatThrownBy(() -> resolve("http://x", null, null, null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.AUTH))
                .hasMessageContaining("no API key");
        assertThatThrownBy(() -> resolve("ftp://x", "vk", null, null)).hasMessageContaining("must be an http:// or https:// URL");
        env.put("VIGIL_KEY", "a");
        env.put("VIGIL_KEY_FILE", "/b");
        assertThatThrownBy(() -> resolve("http://x", null, null, null)).hasMessageContaining("both set");
    }
}
