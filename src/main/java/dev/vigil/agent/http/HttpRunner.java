package dev.vigil.agent.http;

import dev.vigil.agent.process.OutputSink;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the HTTP calls of jobs with an {@code http} target, the counterpart of the process
 * {@code Supervisor}. One per agent, around one {@link HttpClient} (one connection pool); thread-safe.
 *
 * <p>The client speaks HTTP/2 where the server offers it over TLS and HTTP/1.1 otherwise (no
 * cleartext upgrade attempt, so a plain {@code http} server sees an ordinary HTTP/1.1 request). It
 * follows no redirects by default: a 3xx is not a success, and following one could send the job's
 * method, body or credentials somewhere its author did not name. No cookies are kept. A proxy is
 * used only if the JVM is configured for one ({@code -Dhttps.proxyHost=…}). Each request gets
 * {@code User-Agent: Vigil} unless the call sets its own. See {@code docs/execution.md}.
 */
public final class HttpRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpRunner.class);

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_USER_AGENT = "Vigil";
    /** How long {@link #close()} waits for cancelled calls to report their outcome. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Executor async = runnable -> Thread.ofVirtual().name("vigil-http").start(runnable);
    private final HttpClient client;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<InFlightCall> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Connect timeout {@link #DEFAULT_CONNECT_TIMEOUT}, no redirects followed. */
    public HttpRunner() {
        this(DEFAULT_CONNECT_TIMEOUT, HttpClient.Redirect.NEVER);
    }

    /**
     * @param connectTimeout how long opening a connection may take; the call's own timeout still
     *     applies when it is shorter
     * @param redirects which redirects to follow; {@code NORMAL} follows them except from https to http
     */
    public HttpRunner(Duration connectTimeout, HttpClient.Redirect redirects) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(redirects, "redirects");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(connectTimeout)
                .followRedirects(redirects)
                .executor(async);
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        this.client = builder.build();
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
        InFlightCall inFlight = new InFlightCall(call, sink);
        HttpRequest request;
        try {
            request = request(call);
        } catch (IllegalArgumentException e) {
            inFlight.failWithoutSending("invalid request: " + e.getMessage());
            return inFlight;
        }
        running.add(inFlight);
        inFlight.outcome().whenComplete((outcome, e) -> running.remove(inFlight));
        try {
            inFlight.start(client, request, timer, async);
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
            client.shutdownNow();
        }
    }

    static HttpRequest request(HttpCall call) {
        HttpRequest.BodyPublisher body = call.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).method(call.method(), body);
        if ("http".equalsIgnoreCase(call.uri().getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1); // no "Upgrade: h2c" on cleartext requests
        }
        call.headers().forEach(builder::header);
        if (call.headers().keySet().stream().noneMatch("User-Agent"::equalsIgnoreCase)) {
            builder.header("User-Agent", DEFAULT_USER_AGENT);
        }
        return builder.build();
    }
}
