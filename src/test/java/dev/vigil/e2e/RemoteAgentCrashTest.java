package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil agent} killed with SIGKILL and started again at once on the same spool directory: it
 * is the same agent to the server (its instance is kept there), so the run it held is not lost; it
 * takes the run's process over and reports its real end, and nothing runs twice.
 */
class RemoteAgentCrashTest {
    private static final String AGENT = "crash-box";

    @RegisterExtension
    final Processes vigil = new Processes();

    @Test
    void an_agent_restarted_within_its_lease_takes_its_running_run_over_and_reports_it_succeeded() throws Exception {
        vigil.startServer();
        Path spool = vigil.work().resolve("spool");
        Process agent = vigil.startAgent(AGENT, 2, spool);
        vigil.post("/api/v1/projects", "{\"slug\": \"e2e\"}");
        Path gate = vigil.work().resolve("gate");
        Path ledger = vigil.work().resolve("ledger");
        vigil.put("/api/v1/jobs/e2e/report", "{\"retries\": 2, \"retryBackoff\": \"1s\", \"labels\": [\"e2e\"], \"command\": \"echo $$ > "
                + vigil.work().resolve("pid") + "; echo start $VIGIL_RUN_ID >> " + ledger + "; while [ ! -f " + gate
                + " ]; do sleep 0.1; done; echo written after the crash; echo end $VIGIL_RUN_ID >> " + ledger + "\"}");
        long id = vigil.post("/api/v1/jobs/e2e/report/runs", "{}").get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("running") && Files.exists(vigil.work().resolve("pid")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.readString(vigil.work().resolve("pid")).isBlank());
        vigil.adopt(Long.parseLong(Files.readString(vigil.work().resolve("pid")).trim()));

        agent.destroyForcibly().waitFor(); // SIGKILL
        Files.writeString(gate, ""); // the job writes on, with nobody reading
        agent = vigil.startAgent(AGENT, 2, spool); // at once: well within the lease

        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("succeeded"));
        Thread.sleep(Processes.LEASE.toMillis() + 1_500); // long past the old process's lease: nothing is judged lost
        assertThat(state(id)).isEqualTo("succeeded");
        assertThat(vigil.text("/api/v1/runs/" + id + "/log")).contains("written after the crash");
        List<JsonNode> runs = new java.util.ArrayList<>();
        vigil.get("/api/v1/jobs/e2e/report/runs").get("runs").forEach(runs::add);
        assertThat(runs).as("no retry").hasSize(1);
        assertThat(Files.readAllLines(ledger)).containsExactly("start " + id, "end " + id);
        assertThat(vigil.agentState(AGENT)).isEqualTo("connected");
        assertThat(vigil.log(3)).contains("took over 1 runs");
    }

    private String state(long id) throws Exception {
        return vigil.get("/api/v1/runs/" + id).get("state").asText();
    }
}
