package dev.vigil.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against a real server (SQLite, its embedded agent running managed jobs), run
 * through picocli as {@code main} runs them, with their output and exit codes.
 */
class ClientCommandsTest {
    static TestServer server;
    static String url;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        server = TestServer.start(Clock.systemUTC());
        url = server.vigil.baseUrl();
        server.createProject("ops");
        server.createProject("dev");
        server.createProject("shop");
        server.put("/api/v1/jobs/shop/alpha", "{\"tags\": [\"etl\"], \"schedule\": {\"every\": \"1h\"}}");
        server.put("/api/v1/jobs/shop/beta", "{\"tags\": [\"web\"]}");
        server.put("/api/v1/jobs/dev/gamma", "{}");
    }

    @AfterAll
    static void stop() {
        server.closeAndDelete();
    }

    /** The environment of a user who exported the server and the admin key. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("VIGIL_SERVER", url);
        env.put("VIGIL_KEY", TestServer.ADMIN_KEY);
        return env;
    }

    Vigil.Result vigil(String... args) {
        return Vigil.run(env(), args);
    }

    static JsonNode json(String text) throws IOException {
        return ApiClient.JSON.readTree(text);
    }

    @Test
    void jobs_are_listed_as_a_table_for_people_and_as_the_apis_json_for_scripts() throws IOException {
        var table = vigil("jobs", "--project", "shop");
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out().lines()).hasSize(3);
        assertThat(table.out().lines().findFirst().orElseThrow()).matches("JOB +STATUS +HEALTH +SINCE +NEXT EXPECTED +TAGS");
        assertThat(table.out()).containsPattern("shop/alpha +new +healthy +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +\\S+Z +etl").containsPattern("shop/beta +new +healthy");
        assertThat(table.out()).doesNotContain("dev/gamma");

        var asJson = vigil("jobs", "--project", "shop", "--output", "json");
        assertThat(asJson.code()).isZero();
        assertThat(json(asJson.out())).isEqualTo(server.get("/api/v1/jobs?project=shop").json());
        assertThat(vigil("jobs").out()).contains("dev/gamma", "shop/alpha");
    }

    @Test
    void jobs_are_filtered_by_tag_status_and_health() {
        assertThat(vigil("jobs", "--tag", "etl").out()).contains("shop/alpha").doesNotContain("shop/beta");
        assertThat(vigil("jobs", "--health", "healthy", "--project", "dev").out()).contains("dev/gamma");
        server.put("/api/v1/jobs/dev/quiet", "{}");
        server.post("/api/v1/jobs/dev/quiet/pause", "");
        var paused = vigil("jobs", "--status", "paused");
        assertThat(paused.out()).contains("dev/quiet").doesNotContain("dev/gamma");
        var none = vigil("jobs", "--tag", "nothing-has-it");
        assertThat(none.code()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("vigil: no jobs match\n");
    }

    @Test
    void a_job_is_shown_and_a_missing_one_is_not_found() throws IOException {
        var got = vigil("job", "get", "shop/alpha");
        assertThat(got.code()).isZero();
        assertThat(got.out()).containsPattern("job +shop/alpha").containsPattern("status +new").containsPattern("scheduleText +every 1h");
        var asJson = vigil("job", "get", "shop/alpha", "-o", "json");
        assertThat(json(asJson.out()).get("slug").asText()).isEqualTo("alpha");

        var missing = vigil("job", "get", "ops/nope");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).startsWith("vigil: not found: ").contains("nope");
        var malformed = vigil("job", "get", "alpha");
        assertThat(malformed.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).contains("a job is PROJECT/SLUG");
    }

    @Test
    void pause_and_resume_change_the_jobs_status_on_the_server() {
        server.put("/api/v1/jobs/ops/pausable", "{}");
        var paused = vigil("pause", "ops/pausable");
        assertThat(paused.code()).as(paused.toString()).isZero();
        assertThat(paused.out()).isEqualTo("paused ops/pausable (status paused)\n");
        assertThat(server.get("/api/v1/jobs/ops/pausable").json().get("paused").asBoolean()).isTrue();
        var resumed = vigil("resume", "ops/pausable");
        assertThat(resumed.code()).isZero();
        assertThat(server.get("/api/v1/jobs/ops/pausable").json().get("paused").asBoolean()).isFalse();
    }

    @Test
    void trigger_without_wait_starts_a_run_and_says_which() {
        server.put("/api/v1/jobs/ops/report", "{\"command\": \"echo day=$DAY\", \"params\": {\"DAY\": \"mon\"}}");
        var r = vigil("trigger", "ops/report", "--param", "DAY=fri");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).matches("triggered run \\d+ of ops/report \\(queued\\)\n");
        JsonNode run = server.get("/api/v1/jobs/ops/report/runs").json().get("runs").get(0);
        assertThat(r.out()).contains("run " + run.get("id").asText() + " ");
        assertThat(run.get("trigger").asText()).isEqualTo("manual");

        var runs = vigil("runs", "ops/report");
        assertThat(runs.out()).containsPattern(run.get("id").asText() + " +manual +1 +");

        var bad = vigil("trigger", "ops/report", "--param", "MONTH=jan");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("vigil: refused as invalid: params.MONTH: ");
    }

    @Test
    void trigger_wait_exits_with_the_runs_exit_code_or_0_when_it_succeeds() {
        server.put("/api/v1/jobs/ops/failing", "{\"command\": \"echo trying; exit 7\"}");
        var failed = vigil("trigger", "ops/failing", "--wait");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(7);
        assertThat(failed.err()).containsPattern("vigil: run \\d+ failed, exit 7, after ");
        assertThat(server.get("/api/v1/jobs/ops/failing").json().get("status").asText()).isEqualTo("failed");

        server.put("/api/v1/jobs/ops/fine", "{\"command\": \"echo all good\"}");
        var ok = vigil("trigger", "ops/fine", "--wait", "--logs");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("all good\n");
        assertThat(ok.err()).containsPattern("vigil: run \\d+ succeeded");
    }

    @Test
    void trigger_wait_follows_the_retries_and_exits_with_the_last_attempts_outcome() {
        server.put("/api/v1/jobs/ops/retried", "{\"command\": \"exit 9\", \"retries\": 1, \"retryBackoff\": \"1s\"}");
        var r = vigil("trigger", "ops/retried", "--wait");
        assertThat(r.code()).as(r.toString()).isEqualTo(9);
        assertThat(r.err()).contains("following its retry");
        assertThat(server.runs("ops", "retried")).hasSize(2);
    }

    @Test
    void trigger_wait_exits_124_when_the_run_times_out() {
        server.put("/api/v1/jobs/ops/slow", "{\"command\": [\"sleep\", \"30\"], \"timeout\": \"1s\"}");
        var r = vigil("trigger", "ops/slow", "--wait");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.RUN_TIMED_OUT);
    }

    @Test
    void logs_follow_a_live_run_until_it_ends() {
        server.put("/api/v1/jobs/ops/chatty", "{\"command\": \"for i in 1 2 3 4; do echo line $i; sleep 0.4; done\"}");
        var t = vigil("trigger", "ops/chatty", "-o", "json");
        long id = server.runs("ops", "chatty").getLast().get("id").asLong();
        assertThat(t.out()).contains("\"id\":" + id);
        assertThat(server.get("/api/v1/runs/" + id).json().get("state").asText()).as("not ended yet").isIn("queued", "dispatched", "running");

        var followed = vigil("logs", Long.toString(id), "-f");
        assertThat(followed.code()).as(followed.toString()).isZero();
        assertThat(followed.out()).isEqualTo("line 1\nline 2\nline 3\nline 4\n");
        assertThat(server.get("/api/v1/runs/" + id).json().get("state").asText()).isEqualTo("succeeded");
        assertThat(vigil("logs", Long.toString(id)).out()).isEqualTo(followed.out());
        assertThat(vigil("logs", "999999").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void incidents_are_listed_acknowledged_and_resolved() {
        JsonNode job = server.put("/api/v1/jobs/dev/breaks", "{\"healthPolicy\": {\"consecutiveFailures\": 1}}").json();
        server.ping("/ping/" + job.get("uuid").asText() + "/fail", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> vigil("incidents").out().contains("dev/breaks"));
        var list = vigil("incidents");
        assertThat(list.out()).containsPattern("\\d+ +dev/breaks +critical +open");
        long id = server.get("/api/v1/incidents?project=dev&job=breaks").json().get("incidents").get(0).get("id").asLong();

        var ack = vigil("ack", Long.toString(id), "-m", "looking");
        assertThat(ack.code()).as(ack.toString()).isZero();
        assertThat(ack.out()).isEqualTo("acknowledged incident " + id + " (dev/breaks)\n");
        assertThat(incident(id).get("state").asText()).isEqualTo("acknowledged");
        assertThat(vigil("incidents").out()).containsPattern(id + " +dev/breaks +critical +acknowledged");

        assertThat(vigil("resolve", Long.toString(id)).code()).isZero();
        assertThat(incident(id).get("state").asText()).isEqualTo("resolved");
        assertThat(vigil("incidents", "--project", "dev").out()).doesNotContain("dev/breaks");
        assertThat(vigil("incidents", "--project", "dev", "--all").out()).containsPattern(id + " +dev/breaks +critical +resolved");
        var again = vigil("resolve", Long.toString(id));
        assertThat(again.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(again.err()).startsWith("vigil: conflict: ");
    }

    private static JsonNode incident(long id) {
        return server.get("/api/v1/incidents/" + id).json();
    }

    @Test
    void keys_are_created_listed_and_revoked_and_a_viewer_key_may_not_pause() throws IOException {
        var created = vigil("keys", "create", "cli-viewer", "--role", "viewer");
        assertThat(created.code()).as(created.toString()).isZero();
        String secret = created.out().strip();
        assertThat(secret).startsWith("vk_").doesNotContain("\n");
        assertThat(created.err()).contains("its secret is shown only now");
        assertThat(vigil("keys").out()).containsPattern("\\d+ +cli-viewer +viewer +\\(all\\) +" + secret.substring(0, 7));

        Map<String, String> viewer = env();
        viewer.put("VIGIL_KEY", secret);
        assertThat(Vigil.run(viewer, "jobs").code()).isZero();
        var forbidden = Vigil.run(viewer, "pause", "shop/beta");
        assertThat(forbidden.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(forbidden.err()).isEqualTo("vigil: this API key may not do this: it needs the operator role (403)\n");
        assertThat(server.get("/api/v1/jobs/shop/beta").json().get("paused").asBoolean()).isFalse();

        long viewerId = 0;
        for (JsonNode k : json(vigil("keys", "-o", "json").out()).get("keys")) {
            if (k.get("name").asText().equals("cli-viewer")) viewerId = k.get("id").asLong();
        }
        var revoked = vigil("keys", "revoke", Long.toString(viewerId));
        assertThat(revoked.code()).isZero();
        var refused = Vigil.run(viewer, "jobs");
        assertThat(refused.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(refused.err()).startsWith("vigil: the server does not accept the API key from VIGIL_KEY (401)");
    }

    @Test
    void a_wrong_key_and_a_server_that_is_down_are_said_plainly() throws IOException {
        var wrong = vigil("jobs", "--key", "vk_not_a_key");
        assertThat(wrong.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(wrong.err()).startsWith("vigil: the server does not accept the API key from --key (401)");

        String down = downServer();
        var unreachable = vigil("jobs", "--server", down);
        assertThat(unreachable.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).isEqualTo("vigil: cannot reach " + down + ": connection refused\n");
    }

    @Test
    void the_config_files_profiles_come_after_flags_and_environment() throws IOException {
        String down = downServer();
        Path config = home.resolve(".config/vigil/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[default]\nserver = " + url + "\nkey = " + TestServer.ADMIN_KEY + "\n\n[old]\nserver = " + down
                + "\nkey = vk_old\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("HOME", home.toString());

        var fromFile = Vigil.run(env, "jobs", "--project", "ops");
        assertThat(fromFile.code()).as(fromFile.toString()).isZero();
        assertThat(fromFile.err()).isEmpty();
        var otherProfile = Vigil.run(env, "jobs", "--profile", "old");
        assertThat(otherProfile.err()).isEqualTo("vigil: cannot reach " + down + ": connection refused\n");
        var byEnv = Vigil.run(Map.of("HOME", home.toString(), "VIGIL_PROFILE", "old"), "jobs");
        assertThat(byEnv.code()).isEqualTo(ExitCodes.UNREACHABLE);

        var envBeatsFile = Vigil.run(Map.of("HOME", home.toString(), "VIGIL_SERVER", down), "jobs");
        assertThat(envBeatsFile.code()).isEqualTo(ExitCodes.UNREACHABLE);
        var flagBeatsEnv = Vigil.run(Map.of("HOME", home.toString(), "VIGIL_SERVER", down), "jobs", "--server", url);
        assertThat(flagBeatsEnv.code()).isZero();
        var envKeyBeatsFile = Vigil.run(Map.of("HOME", home.toString(), "VIGIL_KEY", "vk_wrong"), "jobs");
        assertThat(envKeyBeatsFile.code()).isEqualTo(ExitCodes.AUTH);

        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        var readable = Vigil.run(env, "jobs", "--project", "ops");
        assertThat(readable.code()).isZero();
        assertThat(readable.err()).isEqualTo("vigil: warning: " + config + " holds an API key and others can read it; chmod 600 " + config + "\n");
    }

    @Test
    void every_client_command_has_help() {
        for (String command : new String[] {"jobs", "runs", "trigger", "logs", "pause", "resume", "incidents", "ack", "resolve", "keys", "completion"}) {
            var r = vigil(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: vigil " + command);
        }
        assertThat(vigil("job", "get", "--help").out()).contains("--output");
    }

    @Test
    void completion_prints_a_script_that_knows_the_commands() {
        var r = vigil("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F", "trigger", "incidents", "--wait");
        assertThat(vigil("completion", "fish").code()).isEqualTo(ExitCodes.USAGE);
    }

    private static String downServer() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}
