package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil server} as a user starts it: its own process, the banner, the printed key working. */
class ServerCommandTest {
    @TempDir
    Path data;

    private Process start(Path log, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void server_prints_its_url_and_an_admin_key_that_works() throws Exception {
        Path log = data.resolve("out.log");
        Process p = start(log, "server", "--port", "0", "--host", "127.0.0.1", "--data-dir", data.resolve("d").toString());
        try {
            Pattern url = Pattern.compile("Server URL:\\s+(http://\\S+)");
            Pattern key = Pattern.compile("Admin API key:\\s+(vk_\\w+)");
            await().atMost(Duration.ofSeconds(60)).until(() -> key.matcher(Files.readString(log)).find());
            String out = Files.readString(log);
            Matcher u = url.matcher(out);
            Matcher k = key.matcher(out);
            assertThat(u.find() && k.find()).isTrue();
            assertThat(out).contains("Example project:");
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(u.group(1) + "/api/v1/jobs?project=example"))
                    .header("Authorization", "Bearer " + k.group(1)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("heartbeat");
            p.destroy(); // SIGTERM, as a service manager stops it
            assertThat(p.waitFor()).as("a clean stop exits 0, not 143").isZero();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void a_bad_setting_stops_the_server_with_a_clear_message() throws Exception {
        Path log = data.resolve("bad.log");
        ProcessBuilder p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main", "server", "--data-dir", data.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        p.environment().put("VIGIL_HTTP_PORT", "eighty");
        Process proc = p.start();
        assertThat(proc.waitFor()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("configuration error").contains("VIGIL_HTTP_PORT").contains("eighty");
    }

    @Test
    void a_bad_embedded_agent_capacity_flag_is_a_configuration_error_naming_the_setting() throws Exception {
        Path log = data.resolve("capacity.log");
        Process p = start(log, "server", "--data-dir", data.toString(), "--embedded-agent-capacity", "0");
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("configuration error").contains("VIGIL_EMBEDDED_AGENT_CAPACITY")
                .contains("between 1 and 10000");
    }
}
