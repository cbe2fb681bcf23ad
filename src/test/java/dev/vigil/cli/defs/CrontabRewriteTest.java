package dev.vigil.cli.defs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrontabRewriteTest {
    private static final String TAB = """
            MAILTO=ops@example.test
            # Nightly backup
            30 2 * * *   /usr/local/bin/backup.sh --full > /tmp/backup.log 2>&1
            @daily echo 'it''s done'
            0 1 * * * date +%Y-%m-%d > /tmp/today
            @reboot /usr/local/bin/start
            """;

    @Test
    void each_job_line_reports_through_vigil_run_and_everything_else_is_kept() {
        Crontab tab = Crontab.parse(TAB, ZoneId.of("UTC"), false);

        String out = CrontabRewrite.rewrite(tab, "prod", Map.of("backup", "http://v/ping/u1", "echo", "http://v/ping/u2",
                "date", "http://v/ping/u3"), false, "/usr/local/bin/vigil");

        assertThat(out.lines()).containsSubsequence(
                "MAILTO=ops@example.test",
                "# Nightly backup",
                "30 2 * * *   /usr/local/bin/vigil run --ping-url http://v/ping/u1 -- /bin/sh -c '/usr/local/bin/backup.sh --full > /tmp/backup.log 2>&1'",
                "@daily /usr/local/bin/vigil run --ping-url http://v/ping/u2 -- /bin/sh -c 'echo '\\''it'\\'''\\''s done'\\'''",
                "# vigil: not wrapped: the command uses % (standard input for cron); make it report to http://v/ping/u3",
                "0 1 * * * date +%Y-%m-%d > /tmp/today",
                "# vigil: @reboot has no schedule to watch; not imported",
                "@reboot /usr/local/bin/start");
    }

    @Test
    void the_curl_form_reports_the_start_and_the_exit_status_of_the_command_as_cron_runs_it(@TempDir Path dir) throws Exception {
        Crontab tab = Crontab.parse("* * * * * echo hi; exit 3\n", ZoneId.of("UTC"), false);

        String out = CrontabRewrite.rewrite(tab, "prod", Map.of("echo", "http://v/ping/u1"), true, "vigil");
        String line = out.lines().filter(l -> l.startsWith("* * * * *")).findFirst().orElseThrow();
        assertThat(line).isEqualTo("* * * * * curl -fsS -m 10 --retry 3 -o /dev/null http://v/ping/u1/start ; ( echo hi; exit 3 ) ;"
                + " curl -fsS -m 10 --retry 3 -o /dev/null http://v/ping/u1/$?");

        // Run the command part through /bin/sh with a curl that only records its URL: the exit status reaches the URL.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        Files.writeString(bin.resolve("curl"), "#!/bin/sh\nfor a; do last=$a; done\necho \"$last\" >> " + calls + "\n");
        bin.resolve("curl").toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", line.substring("* * * * * ".length()));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process q = pb.redirectErrorStream(true).start();
        assertThat(q.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllLines(calls)).containsExactly("http://v/ping/u1/start", "http://v/ping/u1/3");
    }

    @Test
    void a_dry_run_shows_placeholders() {
        Crontab tab = Crontab.parse("@hourly /opt/sync.sh\n", ZoneId.of("UTC"), false);

        assertThat(CrontabRewrite.rewrite(tab, "prod", Map.of(), false, "vigil"))
                .contains("@hourly vigil run --ping-url <ping URL of prod/sync> -- /bin/sh -c '/opt/sync.sh'");
    }
}
