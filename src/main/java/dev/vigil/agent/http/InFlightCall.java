package dev.vigil.agent.http;

import dev.vigil.agent.http.CallOutcome.Reason;
import dev.vigil.agent.process.OutputSink;
import dev.vigil.agent.process.OutputSink.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's lifecycle: send, write the status line, copy the body to the sink on one virtual
 * thread as it arrives, and stop it on timeout or cancel by cancelling the response future (before
 * the headers) or closing the body stream (after), either of which closes the connection.
 *
 * <p>All sink calls come from one thread at a time and in order: the thread that got the response
 * (or its failure) is the one that writes and then completes the outcome.
 */
final class InFlightCall implements RunningCall {
    private static final Logger log = LoggerFactory.getLogger(InFlightCall.class);
    /** Java's client hands the body over in buffers of up to 16 KiB; a read returns at most one. */
    private static final int BUFFER_SIZE = 16 * 1024;

    private final HttpCall call;
    private final OutputSink sink;
    private final long startNanos = System.nanoTime();
    /** Set once, by whichever decides first: the reader (COMPLETED, FAILED) or a stop (TIMED_OUT, CANCELLED). */
    private final AtomicReference<Reason> ending = new AtomicReference<>();
    private final CompletableFuture<CallOutcome> outcome = new CompletableFuture<>();
    private volatile CompletableFuture<HttpResponse<InputStream>> response;
    private volatile InputStream body;
    private volatile ScheduledFuture<?> timeout;
    private boolean midLine; // only the delivering thread: the last byte written was not a line break

    InFlightCall(HttpCall call, OutputSink sink) {
        this.call = call;
        this.sink = sink;
    }

    void start(HttpClient client, HttpRequest request, ScheduledExecutorService timer, Executor async) {
        timeout = timer.schedule(() -> stop(Reason.TIMED_OUT), call.timeout().toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<HttpResponse<InputStream>> pending;
        try {
            pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e); // reported like any other failure to send
        }
        response = pending;
        if (ending.get() != null) {
            pending.cancel(true); // stopped before the future was there to cancel
        }
        // Async: reading the body blocks, which must not happen on the client's own threads.
        pending.whenCompleteAsync(this::responded, async);
    }

    /** Ends a call that could not be sent at all. */
    void failWithoutSending(String error) {
        ending.set(Reason.FAILED);
        finish(CallOutcome.failed(null, elapsed(), error));
    }

    @Override
    public CompletableFuture<CallOutcome> outcome() {
        // A copy, so a caller cannot complete or cancel the one everybody shares.
        return outcome.copy();
    }

    @Override
    public void cancel() {
        stop(Reason.CANCELLED);
    }

    private void stop(Reason reason) {
        if (!ending.compareAndSet(null, reason)) {
            return;
        }
        log.info("HTTP call {} {}: {}; aborting the request", call.method(), call.authority(), reason);
        CompletableFuture<?> pending = response;
        if (pending != null) {
            pending.cancel(true); // aborts the exchange if the headers have not arrived yet
        }
        InputStream in = body;
        if (in != null) {
            closeQuietly(in); // cancels the body's subscription and wakes a blocked read
        }
    }

    private void responded(HttpResponse<InputStream> r, Throwable failure) {
        try {
            if (failure != null) {
                // Only described when it is the reason: describing may probe the network (ConnectProbe).
                boolean failed = ending.compareAndSet(null, Reason.FAILED);
                finish(ended(null, failed ? Failures.describe(failure, call) : null));
            } else {
                read(r);
            }
        } catch (RuntimeException e) {
            log.error("an HTTP call's outcome could not be built; indicates a bug", e);
            ending.compareAndSet(null, Reason.FAILED);
            outcome.complete(CallOutcome.failed(null, elapsed(), "internal error: " + e));
        }
    }

    private void read(HttpResponse<InputStream> r) {
        InputStream in = r.body();
        body = in;
        if (ending.get() != null) {
            closeQuietly(in); // stopped before the stream was there to close
        }
        int status = r.statusCode();
        writeLine(StatusText.line(r.version(), status));
        if (status >= 300 && status <= 399) {
            // Redirects are not followed; say where it pointed, which is what one needs to fix the URL.
            r.headers().firstValue("Location").ifPresent(location -> writeLine("Location: " + location));
        }
        String error = null;
        try (in) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                deliver(Stream.STDOUT, buffer, n);
            }
        } catch (IOException e) {
            error = Failures.describe(e, call);
        }
        ending.compareAndSet(null, error == null ? Reason.COMPLETED : Reason.FAILED);
        finish(ended(status, error));
    }

    /** The outcome for however the call ended; {@code error} is only used if it FAILED. */
    private CallOutcome ended(Integer status, String error) {
        Duration elapsed = elapsed();
        return switch (ending.get()) {
            case COMPLETED -> CallOutcome.completed(status, elapsed);
            case FAILED -> CallOutcome.failed(status, elapsed, error);
            case TIMED_OUT -> CallOutcome.timedOut(call.timeout(), status, elapsed);
            case CANCELLED -> CallOutcome.cancelled(status, elapsed);
        };
    }

    private void finish(CallOutcome ended) {
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
        if (ended.reason() != Reason.COMPLETED) {
            writeLine("vigil: " + ended.describe());
        }
        outcome.complete(ended);
    }

    /** A line of Vigil's own on STDERR, after a line break if the output so far does not end with one. */
    private void writeLine(String line) {
        byte[] bytes = ((midLine ? "\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8);
        deliver(Stream.STDERR, bytes, bytes.length);
    }

    private void deliver(Stream stream, byte[] data, int length) {
        if (length == 0) {
            return;
        }
        midLine = data[length - 1] != '\n';
        try {
            sink.chunk(stream, data, 0, length);
        } catch (RuntimeException e) {
            log.warn("output sink failed on {}; {} bytes of an HTTP response lost", stream, length, e);
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing a response body failed: {}", e.toString());
        }
    }
}
