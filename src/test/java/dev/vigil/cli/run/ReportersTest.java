package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportersTest {
    private static final Reporter.RunInfo RUN = new Reporter.RunInfo("r-1", List.of("backup.sh", "--full"), Instant.parse("2025-06-01T10:00:00Z"));

    private static Reporter.Finish finish(Integer code, boolean success, String message) {
        return new Reporter.Finish(code, success, Duration.ofMillis(1500), message, Instant.parse("2025-06-01T10:00:01.500Z"));
    }

    @Test
    void ping_reports_go_to_start_and_to_the_exit_code_with_the_tail_as_body() {
        var r = new PingUrlReporter("https://v.example/ping/u/");
        assertThat(r.start(RUN)).extracting(Report::method, Report::url).containsExactly("GET", "https://v.example/ping/u/start?rid=r-1");
        var done = r.finish(RUN, finish(3, false, "boom\n"));
        assertThat(done).extracting(Report::method, Report::url, Report::body).containsExactly("POST", "https://v.example/ping/u/3?rid=r-1", "boom\n");
        assertThat(done.apiKey()).isFalse();
    }

    @Test
    void a_query_on_the_ping_url_is_kept() {
        var r = new PingUrlReporter("https://v.example/ping/key/slug?create=1");
        assertThat(r.start(RUN).url()).isEqualTo("https://v.example/ping/key/slug/start?create=1&rid=r-1");
    }

    @Test
    void a_failure_without_a_nonzero_exit_code_is_reported_as_fail_never_as_0() {
        var r = new PingUrlReporter("https://v.example/ping/u");
        assertThat(r.finish(RUN, finish(0, false, "interrupted")).url()).endsWith("/fail?rid=r-1");
        assertThat(r.finish(RUN, finish(null, false, "")).url()).endsWith("/fail?rid=r-1");
        assertThat(r.finish(RUN, finish(null, false, "")).body()).isNull();
    }

    @Test
    void api_events_carry_the_exit_code_the_tail_the_duration_the_command_and_the_original_times() throws Exception {
        var r = new ApiReporter("https://v.example", "prod", "nightly");
        JsonNode event = new ObjectMapper().readTree(r.finish(RUN, finish(3, false, "boom\n")).body());
        assertThat(event.get("kind").asText()).isEqualTo("failure");
        assertThat(event.get("rid").asText()).isEqualTo("r-1");
        assertThat(event.get("exitCode").asInt()).isEqualTo(3);
        assertThat(event.get("message").asText()).isEqualTo("boom\n");
        assertThat(event.get("data").get("durationMs").asLong()).isEqualTo(1500);
        assertThat(event.get("data").get("command").toString()).isEqualTo("[\"backup.sh\",\"--full\"]");
        assertThat(event.get("data").get("startedAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(event.get("data").get("finishedAt").asText()).isEqualTo("2025-06-01T10:00:01.500Z");

        JsonNode ok = new ObjectMapper().readTree(r.finish(RUN, finish(0, true, "")).body());
        assertThat(ok.get("kind").asText()).isEqualTo("success");
        assertThat(ok.has("message")).isFalse();
    }
}
