package dev.vigil.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.http.CallOutcome.Reason;
import dev.vigil.domain.RunState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {
    private static final Duration TOOK = Duration.ofMillis(120);

    @Test
    void only_a_completed_2xx_succeeds() {
        assertThat(CallOutcome.completed(200, TOOK).succeeded()).isTrue();
        assertThat(CallOutcome.completed(204, TOOK).succeeded()).isTrue();
        assertThat(CallOutcome.completed(299, TOOK).succeeded()).isTrue();
        assertThat(CallOutcome.completed(199, TOOK).succeeded()).isFalse();
        assertThat(CallOutcome.completed(301, TOOK).succeeded()).isFalse();
        assertThat(CallOutcome.completed(503, TOOK).succeeded()).isFalse();
        assertThat(CallOutcome.timedOut(Duration.ofSeconds(5), 200, TOOK).succeeded()).isFalse();
        assertThat(CallOutcome.cancelled(200, TOOK).succeeded()).isFalse();
    }

    @Test
    void a_run_reports_no_reason_on_success_and_the_status_in_words_otherwise() {
        assertThat(CallOutcome.completed(200, TOOK).runReason()).isNull();
        assertThat(CallOutcome.completed(200, TOOK).describe()).isEqualTo("HTTP 200 OK");
        assertThat(CallOutcome.completed(503, TOOK).runReason()).isEqualTo("HTTP 503 Service Unavailable");
        assertThat(CallOutcome.completed(599, TOOK).runReason()).isEqualTo("HTTP 599");
        assertThat(CallOutcome.failed(null, TOOK, "connection refused: 127.0.0.1:9").runReason())
                .isEqualTo("connection refused: 127.0.0.1:9");
        assertThat(CallOutcome.cancelled(null, TOOK).runReason()).isEqualTo("cancelled");
    }

    @Test
    void a_timeout_names_the_limit_and_what_it_was_waiting_for() {
        assertThat(CallOutcome.timedOut(Duration.ofSeconds(5), null, TOOK).runReason())
                .isEqualTo("timed out after 5s waiting for a response");
        assertThat(CallOutcome.timedOut(Duration.ofMillis(250), 200, TOOK).runReason())
                .isEqualTo("timed out after 250ms reading the body of HTTP 200 OK");
    }

    @Test
    void run_states() {
        assertThat(CallOutcome.completed(201, TOOK).runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(CallOutcome.completed(404, TOOK).runState()).isEqualTo(RunState.FAILED);
        assertThat(CallOutcome.failed(null, TOOK, "unknown host: x").runState()).isEqualTo(RunState.FAILED);
        assertThat(CallOutcome.timedOut(Duration.ofSeconds(1), null, TOOK).runState()).isEqualTo(RunState.TIMED_OUT);
        assertThat(CallOutcome.cancelled(null, TOOK).runState()).isEqualTo(RunState.CANCELLED);
        assertThat(CallOutcome.cancelled(null, TOOK).reason()).isEqualTo(Reason.CANCELLED);
    }

    @Test
    void limits_are_written_the_way_job_definitions_write_them() {
        assertThat(CallOutcome.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(CallOutcome.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(CallOutcome.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(CallOutcome.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(CallOutcome.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(CallOutcome.format(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
    }

    @Test
    void the_log_line_carries_the_protocol_version() {
        assertThat(StatusText.line("HTTP/1.1", 404)).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(StatusText.line("HTTP/2", 200)).isEqualTo("HTTP/2 200 OK");
    }
}
