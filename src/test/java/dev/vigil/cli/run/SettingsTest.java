package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.cli.Main;
import dev.vigil.domain.VigilException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags and environment → what {@code vigil run} does; mistakes are usage errors that say what to do. */
class SettingsTest {
    private static final List<String> CMD = List.of("true");

    @TempDir
    Path dir;

    private static Settings.Flags flags(String job, String project, String pingUrl) {
        return new Settings.Flags(job, project, null, null, pingUrl, null, null, null, false, CMD);
    }

    private static Settings resolve(Settings.Flags f, String... env) {
        return Settings.resolve(f, Wrap.env(env));
    }

    private static void assertUsage(Settings.Flags f, Map<String, String> env, String message) {
        assertThatThrownBy(() -> Settings.resolve(f, env)).isInstanceOf(VigilException.class).hasMessageContaining(message);
    }

    @Test
    void the_ping_url_comes_from_the_flag_or_the_environment() {
        assertThat(resolve(flags(null, null, "https://v.example/ping/u")).reporter()).isInstanceOf(PingUrlReporter.class);
        assertThat(resolve(flags(null, null, null), "VIGIL_PING_URL", "https://v.example/ping/u").reporter()).isInstanceOf(PingUrlReporter.class);
    }

    @Test
    void a_job_with_server_and_key_from_the_environment_reports_through_the_api() {
        var s = resolve(flags("nightly", null, null), "VIGIL_SERVER", "https://v.example/", "VIGIL_KEY", "vk_1", "VIGIL_PROJECT", "prod");
        assertThat(s.reporter()).isInstanceOf(ApiReporter.class);
        assertThat(s.credentials()).isEqualTo(new Delivery.Credentials("https://v.example", "vk_1"));
        var start = s.reporter().start(new Reporter.RunInfo("r1", CMD, java.time.Instant.EPOCH));
        assertThat(start.url()).isEqualTo("https://v.example/api/v1/jobs/prod/nightly/events");
        assertThat(start.apiKey()).isTrue();
    }

    @Test
    void the_key_may_come_from_a_file() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "vk_from_file\n");
        var s = resolve(flags("prod/nightly", null, null), "VIGIL_SERVER", "http://v", "VIGIL_KEY_FILE", key.toString());
        assertThat(s.credentials().key()).isEqualTo("vk_from_file");
    }

    @Test
    void exactly_one_addressing_form_is_required() {
        assertUsage(flags("p/j", null, "http://v/ping/u"), Map.of(), "either --ping-url or --job, not both");
        assertUsage(flags(null, null, null), Map.of(), "say where to report");
        assertUsage(new Settings.Flags(null, null, "http://v", null, "http://v/ping/u", null, null, null, false, CMD), Map.of(),
                "go with --job, not with --ping-url");
    }

    @Test
    void the_api_form_needs_a_server_a_key_and_a_project() {
        assertUsage(flags("p/j", null, null), Map.of("VIGIL_KEY", "k"), "--job needs the server");
        assertUsage(flags("p/j", null, null), Map.of("VIGIL_SERVER", "http://v"), "--job needs an API key");
        assertUsage(flags("nightly", null, null), Map.of("VIGIL_SERVER", "http://v", "VIGIL_KEY", "k"), "has no project");
        assertUsage(flags("a/b", "c", null), Map.of("VIGIL_SERVER", "http://v", "VIGIL_KEY", "k"), "but --project says 'c'");
        assertUsage(flags("a/b/c", null, null), Map.of("VIGIL_SERVER", "http://v", "VIGIL_KEY", "k"), "PROJECT/SLUG or SLUG");
        assertUsage(flags("p/j", null, null), Map.of("VIGIL_SERVER", "http://v", "VIGIL_KEY", "k", "VIGIL_KEY_FILE", "/k"), "both set");
    }

    @Test
    void bad_values_are_usage_errors() {
        var f = new Settings.Flags(null, null, null, null, "http://v/ping/u", "soon", null, null, false, CMD);
        assertUsage(f, Map.of(), "--timeout");
        assertUsage(new Settings.Flags(null, null, null, null, "ftp://v/ping/u", null, null, null, false, CMD), Map.of(), "http:// or https://");
        assertUsage(new Settings.Flags(null, null, null, null, "http://v/ping/u", null, null, -1, false, CMD), Map.of(), "--tail");
        assertUsage(new Settings.Flags(null, null, null, null, "http://v/ping/u", null, null, null, false, List.of()), Map.of(), "no command");
        assertUsage(new Settings.Flags(null, null, null, null, null, null, null, null, true, CMD), Map.of(), "--flush takes no command");
    }

    @Test
    void defaults_and_the_spool_directory_follow_the_environment() {
        var s = resolve(new Settings.Flags(null, null, null, null, "http://v/p", "90s", null, null, false, CMD), "HOME", "/home/u");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.tailBytes()).isEqualTo(10_000);
        assertThat(s.spoolDir()).isEqualTo(Path.of("/home/u/.cache/vigil/spool"));
        assertThat(resolve(flags(null, null, "http://v/p"), "XDG_CACHE_HOME", "/c").spoolDir()).isEqualTo(Path.of("/c/vigil/spool"));
        assertThat(resolve(flags(null, null, "http://v/p"), "XDG_CACHE_HOME", "/c", "VIGIL_SPOOL_DIR", "/s").spoolDir()).isEqualTo(Path.of("/s"));
    }

    @Test
    void flush_needs_no_job() {
        var s = resolve(new Settings.Flags(null, null, null, null, null, null, null, null, true, null));
        assertThat(s.flush()).isTrue();
        assertThat(s.reporter()).isNull();
    }

    @Test
    void the_command_may_follow_the_options_without_a_double_dash() {
        var parsed = new CommandLine(new Main()).parseArgs("run", "--ping-url", "http://v/p", "ls", "-l", "--tail", "5");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(run.command).containsExactly("ls", "-l", "--tail", "5");
        assertThat(run.tail).isNull();
    }

    @Test
    void a_usage_error_exits_2_and_says_what_is_wrong() {
        var r = Wrap.inProcess(Map.of(), "--job", "p/j", "--", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("vigil run: --job needs the server");
    }
}
