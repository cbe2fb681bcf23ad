package dev.vigil.agent.http;

import dev.vigil.agent.process.OutputSink;
import dev.vigil.util.OutboundPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the HTTP calls of jobs with an {@code http} target, the counterpart of the process
 * {@code Supervisor}. One per agent, around one Jetty {@link HttpClient} (one connection pool per
 * destination); thread-safe.
 *
 * <p>Jetty's client rather than Java's: a thousand runs due at one second make a thousand requests
 * at once, and Java's client keeps its idle connections in a list sorted by expiry with a linear
 * insert and remove, so that burst cost it about a million steps; measured alone on two cores,
 * 1,000 simultaneous requests to a local server arrived after p50 41 / p99 100 ms with Java's
 * client and p50 21 / p99 72 ms with Jetty's ({@code bench/README.md}).
 *
 * <p>The client is set up as {@link dev.vigil.util.HttpClients} says (HTTP/2 over TLS where
 * offered, connections not limited, so a run never waits for another run's request; JVM proxy
 * settings); connecting may take {@link #DEFAULT_CONNECT_TIMEOUT}. It follows no redirects: a 3xx is
 * not a success, and following one could send the job's method, body or credentials somewhere its
 * author did not name. Each request gets {@code User-Agent: Vigil} unless the call sets its own. See
 * {@code docs/execution.md}.
 *
 * <p>Requests obey the agent's {@link OutboundPolicy}: a target it denies fails the run, the reason
 * saying so, without a connection being opened.
 */
public final class HttpRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpRunner.class);

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_USER_AGENT = "Vigil";
    /** How long {@link #close()} waits for cancelled calls to report their outcome. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final OutboundPolicy outbound;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<InFlightCall> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Connect timeout {@link #DEFAULT_CONNECT_TIMEOUT}; @param outbound where calls may go */
    public HttpRunner(OutboundPolicy outbound) {
        this(DEFAULT_CONNECT_TIMEOUT, outbound);
    }

    /** @param connectTimeout how long opening a connection may take; the call's own timeout still applies when it is shorter */
    public HttpRunner(Duration connectTimeout, OutboundPolicy outbound) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.client = dev.vigil.util.HttpClients.start("vigil-http", connectTimeout, outbound);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "vigil-http-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sends the request and returns at once. Writes to the sink, in this order: the status line
     * ({@code HTTP/1.1 200 OK}) on STDERR when the headers arrive, the body on STDOUT as it arrives,
     * and, unless the call completed, a last line on STDERR saying why not ({@code vigil: timed out
     * after 5s waiting for a response}). A request the client refuses does not throw: it comes back
     * as a FAILED outcome.
     *
     * @param sink called from one thread at a time, in order; see {@link OutputSink}
     * @throws IllegalStateException after {@link #close()}
     */
    public RunningCall start(HttpCall call, OutputSink sink) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("the HTTP runner is closed");
        }
        InFlightCall inFlight = new InFlightCall(call, sink, outbound);
        Request request;
        try {
            request = request(client, call);
        } catch (IllegalArgumentException e) {
            inFlight.failWithoutSending("invalid request: " + e.getMessage());
            return inFlight;
        }
        running.add(inFlight);
        inFlight.outcome().whenComplete((outcome, e) -> running.remove(inFlight));
        try {
            inFlight.start(request, timer);
        } catch (RejectedExecutionException e) {
            running.remove(inFlight);
            throw new IllegalStateException("the HTTP runner is closed", e); // close() stopped the timer meanwhile
        }
        if (closed) {
            inFlight.cancel(); // close() ran meanwhile and may have missed it
        }
        return inFlight;
    }

    /** Calls started and not yet ended. */
    public int runningCount() {
        return running.size();
    }

    /** Cancels the calls still running, waits briefly for their outcomes, then shuts the client down. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List<InFlightCall> left = List.copyOf(running);
        left.forEach(InFlightCall::cancel);
        try {
            CompletableFuture.allOf(left.stream().map(InFlightCall::outcome).toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("closing with {} HTTP call(s) not yet ended: {}", running.size(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
            try {
                client.stop();
            } catch (Exception e) {
                log.warn("stopping the HTTP client failed: {}", e.toString());
            }
        }
    }

    static Request request(HttpClient client, HttpCall call) {
        Request request = client.newRequest(call.uri()).method(call.method());
        if (call.body() != null) {
            request.body(new BytesRequestContent((String) null, call.body().getBytes(StandardCharsets.UTF_8)));
        }
        boolean ownAgent = call.headers().keySet().stream().anyMatch("User-Agent"::equalsIgnoreCase);
        request.headers(headers -> {
            call.headers().forEach(headers::put);
            if (!ownAgent) headers.put(HttpHeader.USER_AGENT, DEFAULT_USER_AGENT);
        });
        return request;
    }
}
