package dev.vigil.agent.http;

import static dev.vigil.agent.http.HttpRunnerTest.outcomeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.http.CallOutcome.Reason;
import dev.vigil.agent.process.OutputSink;
import dev.vigil.agent.process.OutputSink.Stream;
import dev.vigil.testing.TestOutbound;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The body reaches the sink as it arrives, in bounded chunks, and a slow sink slows the server down. */
class HttpRunnerStreamingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static HttpRunner runner;
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

    private static HttpCall get(String url) {
        return new HttpCall("GET", url, Map.of(), null, TIMEOUT);
    }

    @Test
    void the_body_reaches_the_sink_in_pieces_before_the_response_ends() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        AtomicBoolean seenBeforeTheEnd = new AtomicBoolean();
        server = LocalServer.start(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("step 1 done\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The response cannot end before the client has shown the first piece.
            seenBeforeTheEnd.set(firstSeen.await(3, TimeUnit.SECONDS));
            out.write("step 2 done\n".getBytes(StandardCharsets.UTF_8));
        });
        RecordingSink recording = new RecordingSink();
        OutputSink sink = (stream, data, offset, length) -> {
            recording.chunk(stream, data, offset, length);
            if (recording.stdout().contains("step 1 done\n")) {
                firstSeen.countDown();
            }
        };

        CallOutcome outcome = outcomeOf(runner.start(get(server.url("/steps")), sink));

        assertThat(seenBeforeTheEnd).isTrue();
        assertThat(outcome.reason()).isEqualTo(Reason.COMPLETED);
        assertThat(recording.all()).isEqualTo("HTTP/1.1 200 OK\nstep 1 done\nstep 2 done\n");
    }

    @Test
    void a_large_body_is_passed_on_in_chunks_and_a_blocked_sink_holds_the_server_back() throws Exception {
        long size = 64L << 20;
        AtomicLong written = new AtomicLong();
        server = LocalServer.start(exchange -> {
            exchange.sendResponseHeaders(200, size);
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) 'x');
            OutputStream out = exchange.getResponseBody();
            for (long sent = 0; sent < size; sent += piece.length) {
                out.write(piece);
                written.addAndGet(piece.length);
            }
        });
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        AtomicInteger largestChunk = new AtomicInteger();
        OutputSink sink = (stream, data, offset, length) -> {
            if (stream != Stream.STDOUT) {
                return;
            }
            received.addAndGet(length);
            largestChunk.accumulateAndGet(length, Math::max);
            try {
                gate.await(5, TimeUnit.SECONDS); // holds the first chunk until the test has looked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        RunningCall call = runner.start(get(server.url("/large")), sink);
        long stalledAt = writtenOnceStalled(written);
        long receivedWhileBlocked = received.get();
        gate.countDown();
        CallOutcome outcome = outcomeOf(call);

        // Only what fits in the buffers on the way (socket buffers, one of the client's) was sent.
        assertThat(stalledAt).isLessThan(size / 4);
        assertThat(receivedWhileBlocked).isLessThanOrEqualTo(16 * 1024);
        assertThat(outcome.reason()).isEqualTo(Reason.COMPLETED);
        assertThat(received.get()).isEqualTo(size);
        assertThat(largestChunk.get()).isLessThanOrEqualTo(16 * 1024);
    }

    /** Waits until the server has written nothing new for 300 ms (at most 3 s), and returns how much it wrote. */
    private static long writtenOnceStalled(AtomicLong written) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = written.get();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            Thread.sleep(300);
        }
        return written.get();
    }
}
