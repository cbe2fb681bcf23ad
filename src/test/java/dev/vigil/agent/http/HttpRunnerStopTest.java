package dev.vigil.agent.http;

import static dev.vigil.agent.http.HttpRunnerTest.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.vigil.agent.http.CallOutcome.Reason;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestOutbound;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Timeouts and cancel abort the request, whether it waits for the headers or reads the body. */
class HttpRunnerStopTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** A stopped call must report within this, however long the server would have gone on. */
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    private static HttpRunner runner;

    /** Requests the server has received. */
    private final CountDownLatch received = new CountDownLatch(1);
    /** Set when the server finds the client has gone: its write failed. */
    private final AtomicBoolean abortedByClient = new AtomicBoolean();
    private LocalServer server;

    @BeforeAll
    static void startRunner() {
        runner = new HttpRunner(TestOutbound.POLICY);
    }

    @AfterAll
    static void closeRunner() {
        runner.close();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Answers after 10 s. */
    private String slowServer() {
        server = LocalServer.start(exchange -> {
            received.countDown();
            Thread.sleep(10_000);
            exchange.sendResponseHeaders(200, -1);
        });
        return server.url("/slow");
    }

    /** Sends the headers at once, then a line every 50 ms for 10 s. */
    private String endlessServer() {
        server = LocalServer.start(exchange -> {
            received.countDown();
            exchange.sendResponseHeaders(200, 0);
            tick(exchange);
        });
        return server.url("/endless");
    }

    private void tick(HttpExchange exchange) throws InterruptedException {
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; i < 200; i++) {
                out.write(("tick " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException e) {
            abortedByClient.set(true);
        }
    }

    private static HttpCall get(String url, Duration timeout) {
        return new HttpCall("GET", url, Map.of(), null, timeout);
    }

    @Test
    void a_slow_response_times_out_promptly() throws Exception {
        RecordingSink sink = new RecordingSink();

        CallOutcome outcome = outcomeOf(runner.start(get(slowServer(), TIMEOUT), sink));

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcome.status()).isNull();
        assertThat(outcome.duration()).isBetween(TIMEOUT, TIMEOUT.plus(PROMPTLY));
        assertThat(outcome.runReason()).isEqualTo("timed out after 300ms waiting for a response");
        assertThat(sink.all()).isEqualTo("vigil: timed out after 300ms waiting for a response\n");
    }

    @Test
    void the_timeout_covers_reading_the_body_and_closes_the_connection() throws Exception {
        RecordingSink sink = new RecordingSink();

        CallOutcome outcome = outcomeOf(runner.start(get(endlessServer(), Duration.ofMillis(400)), sink));

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.duration()).isBetween(Duration.ofMillis(400), Duration.ofMillis(400).plus(PROMPTLY));
        assertThat(outcome.runReason()).isEqualTo("timed out after 400ms reading the body of HTTP 200 OK");
        assertThat(sink.stdout()).startsWith("tick 0\ntick 1\n");
        assertThat(sink.all()).startsWith("HTTP/1.1 200 OK\ntick 0\n")
                .endsWith("\nvigil: timed out after 400ms reading the body of HTTP 200 OK\n");
        await().atMost(Duration.ofSeconds(2)).untilTrue(abortedByClient);
    }

    @Test
    void cancel_before_the_response_aborts_the_request() throws Exception {
        RunningCall call = runner.start(get(slowServer(), Duration.ofSeconds(30)), new RecordingSink());
        assertThat(received.await(2, TimeUnit.SECONDS)).isTrue();

        call.cancel();

        CallOutcome outcome = call.outcome().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.status()).isNull();
        assertThat(outcome.runReason()).isEqualTo("cancelled");
    }

    @Test
    void a_timeout_before_the_response_closes_the_connection() throws Exception {
        try (var listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var socket = listener.accept()) {
                    var in = socket.getInputStream();
                    in.read(new byte[4096]); // the request; never answered
                    received.countDown();
                    while (in.read() >= 0) {
                        // wait for the client to hang up
                    }
                    abortedByClient.set(true);
                } catch (IOException e) {
                    abortedByClient.set(true); // reset by the client
                }
            });
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/silent";

            CallOutcome outcome = outcomeOf(runner.start(get(url, TIMEOUT), new RecordingSink()));

            assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
            await().atMost(Duration.ofSeconds(2)).untilTrue(abortedByClient);
        }
    }

    @Test
    void cancel_while_reading_the_body_closes_the_connection() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunningCall call = runner.start(get(endlessServer(), Duration.ofSeconds(30)), sink);
        await().atMost(Duration.ofSeconds(2)).until(() -> sink.stdout().contains("tick 1\n"));

        call.cancel();

        CallOutcome outcome = call.outcome().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(outcome.reason()).isEqualTo(Reason.CANCELLED);
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(sink.all()).endsWith("\nvigil: cancelled\n");
        await().atMost(Duration.ofSeconds(2)).untilTrue(abortedByClient);
    }

    @Test
    void nothing_reaches_the_sink_after_the_outcome() throws Exception {
        RecordingSink sink = new RecordingSink();
        RunningCall call = runner.start(get(endlessServer(), Duration.ofSeconds(30)), sink);
        await().atMost(Duration.ofSeconds(2)).until(() -> sink.stdout().contains("tick 0\n"));

        call.cancel();
        outcomeOf(call);
        String atOutcome = sink.all();
        Thread.sleep(200); // four more ticks, had the body still been read

        assertThat(sink.all()).isEqualTo(atOutcome);
    }

    @Test
    void cancel_after_the_end_changes_nothing() throws Exception {
        try (RecordingHttpServer ok = RecordingHttpServer.start()) {
            RunningCall call = runner.start(get(ok.url("/ok"), TIMEOUT), new RecordingSink());
            CallOutcome before = outcomeOf(call);

            call.cancel();

            assertThat(outcomeOf(call)).isEqualTo(before);
            assertThat(before.succeeded()).isTrue();
        }
    }

    @Test
    void a_timeout_that_fired_first_stays_the_reason() throws Exception {
        RunningCall call = runner.start(get(slowServer(), TIMEOUT), new RecordingSink());
        CallOutcome outcome = outcomeOf(call);

        call.cancel();

        assertThat(outcome.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(outcomeOf(call).reason()).isEqualTo(Reason.TIMED_OUT);
    }

    @Test
    void closing_the_runner_cancels_its_calls() throws Exception {
        HttpRunner own = new HttpRunner(TestOutbound.POLICY);
        RunningCall call = own.start(get(slowServer(), Duration.ofSeconds(30)), new RecordingSink());
        assertThat(received.await(2, TimeUnit.SECONDS)).isTrue();

        own.close();

        assertThat(call.outcome().getNow(null)).extracting(CallOutcome::reason).isEqualTo(Reason.CANCELLED);
        await().atMost(Duration.ofSeconds(1)).until(() -> own.runningCount() == 0);
    }
}
