package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client commands as a user runs them: {@code vigil} processes against a {@code vigil server}
 * process, settings from the environment, the outcome in the process's exit code.
 */
class ClientProcessTest {
    @RegisterExtension
    final Processes vigil = new Processes();

    @Test
    void trigger_wait_exits_with_the_runs_exit_code_and_jobs_lists_it() throws Exception {
        vigil.startServer(Map.of()); // with its embedded agent
        vigil.post("/api/v1/projects", "{\"slug\": \"e2e\"}");
        vigil.request(vigil.baseUrl(), "PUT", "/api/v1/jobs/e2e/failing", "{\"command\": \"echo failing now; exit 7\"}");
        Map<String, String> env = Map.of("VIGIL_SERVER", vigil.baseUrl(), "VIGIL_KEY", Processes.ADMIN_KEY,
                "HOME", vigil.work().toString());

        Process trigger = vigil.launch("trigger", env, "trigger", "e2e/failing", "--wait", "--logs");
        assertThat(trigger.waitFor(60, TimeUnit.SECONDS)).as("vigil trigger --wait ended").isTrue();
        assertThat(trigger.exitValue()).as(vigil.log(2)).isEqualTo(7);
        assertThat(vigil.log(2)).contains("failing now", "failed, exit 7");

        Process jobs = vigil.launch("jobs", env, "jobs", "--project", "e2e");
        assertThat(jobs.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.exitValue()).as(vigil.log(3)).isZero();
        assertThat(vigil.log(3)).containsPattern("e2e/failing +failed +");

        Process missing = vigil.launch("missing", env, "pause", "e2e/nope");
        assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).as(vigil.log(4)).isEqualTo(3);
    }
}
