package dev.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run the embedded agent held when the server died, and of which its directory keeps nothing (no
 * process, no exit status: it never started, or the machine restarted), is not left "running" for
 * ever: the next start, under the same agent name, records it lost and retries it per the job's
 * policy. (Runs whose process the agent did start are taken over instead: EmbeddedAgentCrashTest.)
 */
class LostRunRecoveryTest {

    @Test
    void a_run_left_running_by_a_crashed_server_is_lost_on_restart_and_retried() throws Exception {
        Path data = Files.createTempDirectory("vigil-lost");
        MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
        long jobId;
        String agent;
        try (TestServer first = TestServer.start(clock, data)) {
            agent = first.vigil.agent().name();
            first.createProject("ops");
            first.put("/api/v1/jobs/ops/etl", "{\"command\": \"true\", \"retries\": 1, \"retryBackoff\": \"10s\"}");
            jobId = first.vigil.store().read(tx -> tx.jobs().list(dev.vigil.store.JobStore.Filter.all())).getFirst().job().id();
            first.vigil.agent().close(); // nothing runs; the crash is simulated by the row below
        }
        // What a kill -9 mid-run leaves behind: a run the embedded agent had started.
        try (var store = dev.vigil.store.sql.SqlStores.sqlite(data)) {
            store.write(tx -> tx.runs().insert(new Run(0, jobId, null, Trigger.MANUAL, null, 1, RunState.RUNNING,
                    Instant.parse("2025-06-01T10:00:01Z"), null, null, null, null, agent)));
        }
        clock.set(Instant.parse("2025-06-01T10:05:00Z"));
        TestServer second = TestServer.start(clock, data);
        try {
            assertThat(second.vigil.agent().name()).as("the same agent, restarted").isEqualTo(agent);
            // The restarted embedded agent's first poll says it runs nothing: the run is lost.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    second.vigil.store().read(tx -> tx.runs().byJob(jobId, null, 10)).size() == 2);
            List<Run> runs = second.vigil.store().read(tx -> tx.runs().byJob(jobId, null, 10)).reversed();
            assertThat(runs.getFirst().state()).isEqualTo(RunState.LOST);
            assertThat(runs.getFirst().reason()).contains("no longer runs it");
            assertThat(runs.get(1).trigger()).isEqualTo(Trigger.RETRY);
            assertThat(runs.get(1).attempt()).isEqualTo(2);
        } finally {
            second.closeAndDelete();
        }
    }
}
