package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.RecordingHttpServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
    @TempDir
    Path dir;

    private final RecordingHttpServer http = RecordingHttpServer.start();
    private final List<String> warnings = new ArrayList<>();

    @AfterEach
    void close() {
        http.close();
    }

    private Delivery delivery() {
        return new Delivery(new Spool(dir, warnings::add), new Delivery.Credentials(http.url(""), "vk_k"), warnings::add);
    }

    private Report apiFinish(String message) {
        var run = new Reporter.RunInfo("r-1", List.of("x"), Instant.EPOCH);
        return new ApiReporter(http.url(""), "p", "j").finish(run, new Reporter.Finish(1, false, Duration.ZERO, message, Instant.EPOCH));
    }

    @Test
    void api_reports_carry_the_key_as_a_bearer_token() {
        delivery().submit(apiFinish("x"));
        assertThat(http.requests().getFirst().header("Authorization")).isEqualTo("Bearer vk_k");
        assertThat(http.requests().getFirst().path()).isEqualTo("/api/v1/jobs/p/j/events");
    }

    @Test
    void an_api_message_longer_than_the_server_takes_is_cut_to_its_end_and_sent_again() {
        http.enqueue(new Response(400, "{\"error\":\"invalid\",\"message\":\"message: must be at most 4 characters\",\"field\":\"message\"}", Duration.ZERO));
        delivery().submit(apiFinish("0123456789"));

        assertThat(http.requestCount()).isEqualTo(2);
        assertThat(http.requests().get(1).body()).contains("\"message\":\"6789\"");
        assertThat(warnings).isEmpty();
        assertThat(Wrap.files(dir)).isEmpty();
    }

    @Test
    void a_report_refused_with_a_4xx_is_dropped_with_a_warning_not_spooled() {
        http.enqueue(new Response(404, "{\"error\":\"not_found\"}", Duration.ZERO));
        delivery().submit(apiFinish("x"));

        assertThat(warnings).singleElement().asString().contains("refused").contains("404").contains("not_found");
        assertThat(Wrap.files(dir)).isEmpty();
    }

    @Test
    void a_new_report_waits_behind_spooled_ones_for_the_same_server_so_order_is_kept() {
        http.respondAlways(Response.of(503));
        Delivery first = delivery();
        first.submit(apiFinish("old"));
        assertThat(Wrap.files(dir)).hasSize(1);

        http.respondAlways(Response.of(200));
        delivery().submit(apiFinish("new")); // a later wrapper: replays "old" first

        var bodies = http.requests().stream().map(RecordingHttpServer.Request::body).toList();
        assertThat(bodies.subList(1, 3)).satisfiesExactly(b -> assertThat(b).contains("old"), b -> assertThat(b).contains("new"));
        assertThat(Wrap.files(dir)).isEmpty();
    }

    @Test
    void spooled_api_reports_wait_for_a_run_that_has_a_key_for_their_server() {
        http.respondAlways(Response.of(503));
        delivery().submit(apiFinish("old"));
        http.respondAlways(Response.of(200));

        var keyless = new Delivery(new Spool(dir, warnings::add), null, warnings::add);
        assertThat(keyless.replay(Duration.ofSeconds(5))).isFalse();
        assertThat(Wrap.files(dir)).hasSize(1);
        assertThat(http.requestCount()).isEqualTo(1);
    }
}
