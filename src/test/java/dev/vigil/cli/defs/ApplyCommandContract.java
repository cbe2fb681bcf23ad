package dev.vigil.cli.defs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.client.Vigil;
import dev.vigil.cli.client.Vigil.Result;
import dev.vigil.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil apply}, {@code export} and {@code import crontab} as a user runs them, against a real
 * server, on each database by subclassing.
 */
abstract class ApplyCommandContract {
    @TempDir
    Path dir;
    TestServer server;
    final Map<String, String> env = new HashMap<>();

    /** A server with its own empty database. */
    abstract TestServer start() throws Exception;

    @BeforeEach
    void startServer() throws Exception {
        server = start();
        env.put("VIGIL_SERVER", server.url(""));
        env.put("VIGIL_KEY", TestServer.ADMIN_KEY);
        env.put("VIGIL_CONFIG", dir.resolve("no-config").toString());
        env.put("OPS_HOOK", "http://127.0.0.1:9/hook-secret-value");
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    private Result vigil(String... args) {
        return Vigil.run(env, args);
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private static final String JOBS = """
            projects:
              shop:
                jobs:
                  - slug: backup
                    name: Nightly backup
                    schedule: {cron: "0 2 * * *", timezone: Europe/Berlin}
                    grace: 10m
                  - slug: sync
                    schedule: {every: 15m}
                channels:
                  - name: ops
                    kind: webhook
                    config:
                      url: {fromEnv: OPS_HOOK}
                routes:
                  - channels: [ops]
            """;

    @Test
    void apply_creates_then_plans_nothing_then_shows_an_edit_as_a_field_diff() throws IOException {
        Path file = write("defs/shop.yaml", JOBS);

        Result first = vigil("apply", "-f", dir.resolve("defs").toString());
        assertThat(first.code()).as(first.err()).isEqualTo(10);
        assertThat(first.out()).contains("project shop", "+ job backup", "+ job sync", "+ channel ops", "+ routes  (create)", "Applied:");
        assertThat(first.out()).doesNotContain("hook-secret-value");
        JsonNode backup = server.get("/api/v1/jobs/shop/backup").json();
        assertThat(backup.path("schedule").path("cron").asText()).isEqualTo("0 2 * * *");
        assertThat(backup.path("schedule").path("timezone").asText()).isEqualTo("Europe/Berlin");

        Result again = vigil("apply", "-f", file.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes");

        Files.writeString(file, JOBS.replace("0 2 * * *", "30 3 * * *"));
        Result plan = vigil("apply", "--dry-run", "-f", file.toString());
        assertThat(plan.code()).isEqualTo(10);
        assertThat(plan.out()).contains("~ job backup", "\"0 2 * * *\" -> \"30 3 * * *\"", "dry run");
        assertThat(server.get("/api/v1/jobs/shop/backup").json().path("schedule").path("cron").asText()).isEqualTo("0 2 * * *");

        assertThat(vigil("apply", "-f", file.toString()).code()).isEqualTo(10);
        assertThat(server.get("/api/v1/jobs/shop/backup").json().path("schedule").path("cron").asText()).isEqualTo("30 3 * * *");

        // A value taken from a variable is a secret in the plan, whatever its field.
        env.put("OPS_HOOK", "http://127.0.0.1:9/hook-other-secret");
        Result secret = vigil("apply", "--dry-run", "-f", file.toString());
        assertThat(secret.code()).isEqualTo(10);
        assertThat(secret.out()).contains("~ channel ops", "config.url: \"(secret)\" -> \"(secret)\"")
                .doesNotContain("hook-secret-value", "hook-other-secret");
    }

    @Test
    void a_file_with_errors_names_each_at_its_line_and_changes_nothing() throws IOException {
        Path file = write("bad.yaml", """
                projects:
                  shop:
                    jobs:
                      - slug: good
                        every: 1h
                      - slug: bad
                        schedule:
                          cron: "61 * * * *"
                      - slug: worse
                        grace: soon
                """);

        Result r = vigil("apply", "-f", file.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":8:", "projects.shop.jobs[1].schedule.cron")
                .contains(file + ":10:", "projects.shop.jobs[2].grace")
                .contains("nothing was changed");
        assertThat(server.get("/api/v1/jobs/shop/good").status()).isEqualTo(404);
    }

    @Test
    void a_secret_from_an_unset_variable_is_an_error_at_its_line() throws IOException {
        env.remove("OPS_HOOK");
        Path file = write("shop.yaml", JOBS);

        Result r = vigil("apply", "-f", file.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":14:", "environment variable OPS_HOOK is not set");
    }

    @Test
    void prune_deletes_only_what_apply_made_and_the_files_dropped() throws IOException {
        Path file = write("shop.yaml", JOBS);
        assertThat(vigil("apply", "-f", file.toString()).code()).isEqualTo(10);
        assertThat(server.put("/api/v1/jobs/shop/by-hand", "{\"every\": \"1h\"}").status()).isEqualTo(201);

        Files.writeString(file, JOBS.replace("""
                  - slug: sync
                    schedule: {every: 15m}
            """, ""));
        Result plain = vigil("apply", "-f", file.toString());
        assertThat(plain.code()).isZero();
        assertThat(server.get("/api/v1/jobs/shop/sync").status()).isEqualTo(200);

        Result pruned = vigil("apply", "--prune", "-f", file.toString());
        assertThat(pruned.code()).isEqualTo(10);
        assertThat(pruned.out()).contains("- job sync").doesNotContain("by-hand");
        assertThat(server.get("/api/v1/jobs/shop/sync").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/jobs/shop/by-hand").status()).isEqualTo(200);
        assertThat(server.get("/api/v1/jobs/shop/backup").status()).isEqualTo(200);
    }

    @Test
    void export_writes_what_apply_takes_back_without_a_change() throws IOException {
        assertThat(vigil("apply", "-f", write("shop.yaml", JOBS).toString()).code()).isEqualTo(10);
        assertThat(server.put("/api/v1/jobs/shop/by-hand", "{\"schedule\": {\"cron\": \"* * * * *\"}}").status()).isEqualTo(201);

        Path exported = dir.resolve("exported.yaml");
        Result export = vigil("export", "--project", "shop", "--managed-only", "-f", exported.toString());
        assertThat(export.code()).as(export.err()).isZero();
        String text = Files.readString(exported);
        assertThat(text).contains("backup", "fromEnv: OPS_HOOK").doesNotContain("hook-secret-value", "by-hand");
        Result replan = vigil("apply", "--dry-run", "-f", exported.toString());
        assertThat(replan.code()).as(replan.out() + replan.err()).isZero();

        Path everything = dir.resolve("everything.yaml");
        assertThat(vigil("export", "--project", "shop", "-f", everything.toString()).code()).isZero();
        Result adopt = vigil("apply", "--dry-run", "--adopt", "-f", everything.toString());
        assertThat(adopt.code()).isEqualTo(10);
        assertThat(adopt.out()).contains("> job by-hand").doesNotContain("~ ", "+ ", "- ");
    }

    @Test
    void import_crontab_watches_each_line_and_rewrites_it_to_report() throws IOException {
        Path tab = write("crontab", """
                SHELL=/bin/sh
                # Nightly backup
                30 2 * * * /usr/local/bin/backup.sh
                CRON_TZ=America/New_York
                @daily /opt/report/send-report.py --all
                """);

        Result r = vigil("import", "crontab", tab.toString(), "--project", "ops", "--timezone", "Europe/Berlin",
                "--vigil-path", "/usr/local/bin/vigil");

        assertThat(r.code()).as(r.err()).isEqualTo(10);
        JsonNode backup = server.get("/api/v1/jobs/ops/backup").json();
        assertThat(backup.path("name").asText()).isEqualTo("Nightly backup");
        assertThat(backup.path("schedule").path("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(backup.path("schedule").path("timezone").asText()).isEqualTo("Europe/Berlin");
        JsonNode report = server.get("/api/v1/jobs/ops/send-report").json();
        assertThat(report.path("schedule").path("cron").asText()).isEqualTo("0 0 * * *");
        assertThat(report.path("schedule").path("timezone").asText()).isEqualTo("America/New_York");
        assertThat(r.out()).contains("30 2 * * * /usr/local/bin/vigil run --ping-url " + backup.path("pingUrl").asText()
                + " -- /bin/sh -c '/usr/local/bin/backup.sh'");
        assertThat(r.out()).contains("SHELL=/bin/sh", "# Nightly backup");

        Result again = vigil("import", "crontab", tab.toString(), "--project", "ops", "--timezone", "Europe/Berlin");
        assertThat(again.code()).as(again.err()).isZero();
    }
}
