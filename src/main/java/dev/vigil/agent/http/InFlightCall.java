package dev.vigil.agent.http;

import dev.vigil.agent.http.CallOutcome.Reason;
import dev.vigil.agent.process.OutputSink;
import dev.vigil.agent.process.OutputSink.Stream;
import dev.vigil.util.OutboundPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's lifecycle, on a virtual thread of its own: send, wait for the headers, write the
 * status line, copy the body to the sink as it arrives (reading no faster than the sink takes it),
 * and stop it on timeout or cancel by aborting the request, which closes its connection whatever
 * stage it is in.
 *
 * <p>All sink calls come from that one thread, in order; it writes and then completes the outcome.
 */
final class InFlightCall implements RunningCall {
    private static final Logger log = LoggerFactory.getLogger(InFlightCall.class);
    /** A read passes on at most this much. */
    private static final int BUFFER_SIZE = 16 * 1024;

    private final HttpCall call;
    private final OutputSink sink;
    private final OutboundPolicy outbound;
    private final long startNanos = System.nanoTime();
    /** Set once, by whichever decides first: the reader (COMPLETED, FAILED) or a stop (TIMED_OUT, CANCELLED). */
    private final AtomicReference<Reason> ending = new AtomicReference<>();
    private final CompletableFuture<CallOutcome> outcome = new CompletableFuture<>();
    private volatile Request request;
    private volatile ScheduledFuture<?> timeout;
    private boolean midLine; // only the calling thread: the last byte written was not a line break

    InFlightCall(HttpCall call, OutputSink sink, OutboundPolicy outbound) {
        this.call = call;
        this.sink = sink;
        this.outbound = outbound;
    }

    private String describe(Throwable failure) {
        return Failures.describe(failure, call, c -> ConnectProbe.reason(c, outbound));
    }

    void start(Request request, ScheduledExecutorService timer) {
        this.request = request;
        timeout = timer.schedule(() -> stop(Reason.TIMED_OUT), call.timeout().toNanos(), TimeUnit.NANOSECONDS);
        Thread.ofVirtual().name("vigil-http").start(this::exchange);
    }

    private void exchange() {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        Response response = null;
        Throwable failure = null;
        try {
            request.send(listener);
            if (ending.get() != null) abort(); // stopped before the request was sent
            response = listener.get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            failure = e; // reported like any other failure to send
        }
        try {
            if (response == null) {
                // Only described when it is the reason: describing may probe the network (ConnectProbe).
                boolean failed = ending.compareAndSet(null, Reason.FAILED);
                finish(ended(null, failed ? describe(failure) : null));
            } else {
                read(response, listener.getInputStream());
            }
        } catch (RuntimeException e) {
            log.error("an HTTP call's outcome could not be built; indicates a bug", e);
            ending.compareAndSet(null, Reason.FAILED);
            outcome.complete(CallOutcome.failed(null, elapsed(), "internal error: " + e));
        }
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
        if (request != null) abort();
    }

    /** Aborts the exchange at whatever stage it is: the connection is closed and a blocked read wakes. */
    private void abort() {
        // An IOException: a read blocked on the body throws it as one.
        request.abort(new IOException("aborted: " + ending.get()));
    }

    private void read(Response r, InputStream in) {
        int status = r.getStatus();
        writeLine(StatusText.line(r.getVersion() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1", status));
        if (status >= 300 && status <= 399) {
            // Redirects are not followed; say where it pointed, which is what one needs to fix the URL.
            String location = r.getHeaders().get(HttpHeader.LOCATION);
            if (location != null) writeLine("Location: " + location);
        }
        String error = null;
        try (in) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (ending.get() != null) break; // stopped: nothing more reaches the sink
                deliver(Stream.STDOUT, buffer, n);
            }
        } catch (IOException e) {
            error = describe(e);
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
}
