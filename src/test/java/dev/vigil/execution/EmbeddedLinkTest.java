package dev.vigil.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.Assignment;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.app.Config;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded agent's link over a real server and SQLite file: what the agent reports waits in
 * the spool on disk, survives a restart of the link, is applied in batches, and applies once
 * however often it is delivered.
 */
class EmbeddedLinkTest {
    private static final String AGENT = "embedded@test-0a0b0c";
    private static final Instant AT = Instant.parse("2025-06-01T10:00:05Z");

    @TempDir
    Path spool;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
        // The server's own embedded agent is off: this test plays the agent.
        server = TestServer.start(clock, Config.forTests(Files.createTempDirectory("vigil-link"))
                .withAdminKey(TestServer.ADMIN_KEY).withEmbeddedAgent(false));
        server.createProject("ops");
        server.put("/api/v1/jobs/ops/etl", "{\"command\": \"true\", \"retries\": 2}");
    }

    @AfterEach
    void stop() {
        server.closeAndDelete();
    }

    /** Queues {@code n} runs and has the dispatcher hand them to {@link #AGENT}. */
    private List<Long> dispatched(int n) {
        return dispatched(n, AGENT);
    }

    private List<Long> dispatched(int n, String agent) {
        for (int i = 0; i < n; i++) server.post("/api/v1/jobs/ops/etl/runs", "");
        List<Long> ids = new ArrayList<>();
        while (ids.size() < n) {
            var reply = server.vigil.dispatcher().poll(new Poll(agent, "i-1", List.of(), 100, ids, 0, false, "test", 0, false),
                    AgentKey.EMBEDDED);
            if (reply.runs().isEmpty()) break;
            reply.runs().stream().map(Assignment::runId).forEach(ids::add);
        }
        return ids;
    }

    private static List<RunEvent> ranAndSucceeded(long run) {
        return List.of(RunEvent.started(run, AT), RunEvent.output(run, 1, AT, "one\n"), RunEvent.output(run, 2, AT, "two\n"),
                RunEvent.finished(run, 3, AT.plusSeconds(1), "succeeded", 0, null, "one\ntwo\n"));
    }

    private EmbeddedLink link() throws Exception {
        return new EmbeddedLink(server.vigil.dispatcher(), server.vigil.runEvents(), AGENT, spool);
    }

    /** Sends the events through a link of its own, applied at once; returns once they are. */
    private void applied(List<RunEvent> events) throws Exception {
        try (EmbeddedLink link = link()) {
            link.startDelivery();
            link.sendAll(events);
            assertThat(link.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    private Run run(long id) {
        return server.vigil.store().read(tx -> tx.runs().byId(id)).orElseThrow();
    }

    private int events(long jobRun) {
        long jobId = run(jobRun).jobId();
        return server.vigil.store().read(tx -> tx.events().byJob(jobId, null, 1_000)).size();
    }

    @Test
    void reports_wait_in_the_spool_across_a_restart_of_the_link_and_are_applied_after_it() throws Exception {
        long id = dispatched(1).getFirst();
        try (EmbeddedLink link = link()) { // never started: the server died before applying anything
            link.sendAll(ranAndSucceeded(id).subList(0, 1));
            link.send(ranAndSucceeded(id).get(1));
            link.send(ranAndSucceeded(id).get(2));
            link.send(ranAndSucceeded(id).get(3));
            assertThat(link.undelivered()).containsExactly(id);
        }
        assertThat(run(id).state()).isEqualTo(RunState.DISPATCHED);

        try (EmbeddedLink link = link()) {
            assertThat(link.undelivered()).as("read back from disk").containsExactly(id);
            link.startDelivery();
            assertThat(link.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(link.undelivered()).isEmpty();
        }
        Run run = run(id);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.endedAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(server.vigil.runLogs().text(id)).isEqualTo("one\ntwo\n");
    }

    @Test
    void many_runs_reports_are_applied_together_and_each_run_gets_its_own_outcome() throws Exception {
        server.put("/api/v1/jobs/ops/etl", "{\"command\": \"true\", \"retries\": 2, \"overlap\": \"allow\"}");
        List<Long> ids = dispatched(40);
        assertThat(ids).hasSize(40);
        List<RunEvent> all = new ArrayList<>();
        for (long id : ids) all.addAll(ranAndSucceeded(id));
        try (EmbeddedLink link = link()) {
            link.sendAll(all); // 160 events: one batch
            link.startDelivery();
            assertThat(link.flush(Duration.ofSeconds(20))).isTrue();
        }
        for (long id : ids) {
            assertThat(run(id).state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(server.vigil.runLogs().text(id)).isEqualTo("one\ntwo\n");
        }
    }

    @Test
    void reports_delivered_again_change_nothing() throws Exception {
        long id = dispatched(1).getFirst();
        applied(ranAndSucceeded(id));
        Run once = run(id);
        int eventsOnce = events(id);
        int runsOnce = server.get("/api/v1/jobs/ops/etl/runs").json().get("runs").size();

        // A crash after applying and before the spool noted it: all of it comes again, in new batches.
        List<RunEvent> again = new ArrayList<>(ranAndSucceeded(id));
        again.add(RunEvent.output(id, 2, AT, "two, told differently\n"));
        again.add(RunEvent.finished(id, 3, AT.plusSeconds(9), "failed", 1, null, "x"));
        applied(again);
        assertThat(run(id)).isEqualTo(once);
        assertThat(events(id)).isEqualTo(eventsOnce);
        assertThat(server.get("/api/v1/jobs/ops/etl/runs").json().get("runs").size()).as("no retry").isEqualTo(runsOnce);
        assertThat(server.vigil.runLogs().text(id)).isEqualTo("one\ntwo\n");
    }

    @Test
    void a_run_reported_lost_by_the_agent_is_lost_and_retried() throws Exception {
        long id = dispatched(1).getFirst();
        applied(List.of(RunEvent.started(id, AT), RunEvent.finished(id, 1, AT.plusSeconds(1), "lost", null,
                "lost: the process ended while no agent watched it, without recording its exit status", "")));
        assertThat(run(id).state()).isEqualTo(RunState.LOST);
        assertThat(run(id).reason()).contains("without recording its exit status");
        var runs = server.get("/api/v1/jobs/ops/etl/runs").json().get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("retry");
    }

    @Test
    void reports_on_a_run_of_another_agent_are_dropped_change_nothing_and_hold_back_nothing() throws Exception {
        server.put("/api/v1/jobs/ops/etl", "{\"command\": \"true\", \"overlap\": \"allow\"}");
        long theirs = dispatched(1, "embedded@other-0d0e0f").getFirst();
        long mine = dispatched(1).getFirst();
        Run before = run(theirs);
        List<RunEvent> events = new ArrayList<>(ranAndSucceeded(theirs));
        events.addAll(ranAndSucceeded(mine));
        applied(events);
        assertThat(run(theirs)).isEqualTo(before);
        assertThat(server.vigil.runLogs().text(theirs)).as("no output stored").isEmpty();
        assertThat(run(mine).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(server.vigil.runLogs().text(mine)).isEqualTo("one\ntwo\n");
    }

    @Test
    void an_event_the_server_refuses_is_dropped_and_does_not_hold_back_the_rest() throws Exception {
        long id = dispatched(1).getFirst();
        try (EmbeddedLink link = link()) {
            link.send(RunEvent.started(id, AT));
            link.send(RunEvent.finished(id, 1, AT, "exploded", null, null, null));
            link.send(RunEvent.finished(id, 1, AT.plusSeconds(1), "succeeded", 0, null, ""));
            link.startDelivery();
            assertThat(link.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(run(id).state()).isEqualTo(RunState.SUCCEEDED);
    }
}
