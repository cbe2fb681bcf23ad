package dev.vigil.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.RunEvent;
import dev.vigil.testing.RecordingHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code vigil agent} delivers run events to a server that refuses some (docs/agents.md, "Names
 * and keys"): a 409 names runs that are not this agent's, whose events it drops; a 403 says the server
 * does not know it as this instance of its name, so it keeps them and tries again.
 */
class RemoteLinkEventsTest {
    private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path spool;

    @Test
    void events_carry_the_agent_and_its_instance_and_those_refused_with_409_are_dropped_alone() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.start().enqueue(409, 409, 200);
             RemoteLink link = new RemoteLink(server.url(""), "t", "box", "i-7", spool)) {
            link.sendAll(List.of(RunEvent.output(41, 1, AT, "not mine any more"), RunEvent.output(42, 1, AT, "mine")));
            assertThat(link.flush(Duration.ofSeconds(10))).isTrue();
            List<RecordingHttpServer.Request> sent = server.requests();
            assertThat(sent).hasSize(3).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/api/v1/agent/events");
                assertThat(r.body()).contains("\"agent\":\"box\"").contains("\"instance\":\"i-7\"");
            });
            assertThat(sent.get(1).body()).contains("\"runId\":41").doesNotContain("\"runId\":42");
            assertThat(sent.get(2).body()).contains("\"runId\":42").doesNotContain("\"runId\":41");
        }
    }

    @Test
    void events_refused_with_403_stay_in_the_spool() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.start()
                .respondAlways(RecordingHttpServer.Response.of(403));
             RemoteLink link = new RemoteLink(server.url(""), "t", "box", "i-7", spool)) {
            link.send(RunEvent.started(42, AT));
            assertThat(link.flush(Duration.ofMillis(800))).isFalse();
            assertThat(link.pending()).isEqualTo(1);
            assertThat(server.requestCount()).isPositive();
        }
    }
}
