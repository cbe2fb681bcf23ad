package dev.vigil.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.RecordingHttpServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil agent --server a,b}: a call that cannot reach one server goes to the next, and stays there. */
class RemoteLinkFailoverTest {
    @TempDir
    Path spool;

    @Test
    void a_server_that_cannot_be_reached_or_fails_is_skipped_and_the_one_that_answered_is_kept() throws Exception {
        String dead = RecordingHttpServer.refusingUrl("");
        try (RecordingHttpServer failing = RecordingHttpServer.start().respondAlways(RecordingHttpServer.Response.of(503));
             RecordingHttpServer live = RecordingHttpServer.start();
             RemoteLink link = new RemoteLink(dead + ", " + failing.url("") + "/," + live.url(""), "token", "box", "i1", spool)) {
            link.leave("box", "i1");
            assertThat(live.requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/api/v1/agent/leave");
                assertThat(r.header("Authorization")).isEqualTo("Bearer token");
            });
            assertThat(failing.requestCount()).isEqualTo(1);
            assertThat(link.server()).isEqualTo(live.url(""));
            link.leave("box", "i2");
            assertThat(live.requestCount()).as("the next call starts at the server that answered").isEqualTo(2);
            assertThat(failing.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void when_no_server_answers_the_call_fails_naming_each_failure() throws Exception {
        try (RecordingHttpServer failing = RecordingHttpServer.start().respondAlways(RecordingHttpServer.Response.of(502));
             RemoteLink link = new RemoteLink(RecordingHttpServer.refusingUrl("") + "," + failing.url(""), "t", "box", "i1", spool)) {
            assertThatThrownBy(() -> link.leave("box", "i1")).isInstanceOf(java.io.IOException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        }
    }

    @Test
    void a_list_without_a_url_is_refused() {
        assertThatThrownBy(() -> RemoteLink.parseServers(" , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no server URL");
    }
}
