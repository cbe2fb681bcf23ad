package dev.vigil.agent.http;

import dev.vigil.agent.process.OutputSink;
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
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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
 * <p>The client speaks HTTP/2 where the server offers it over TLS (ALPN) and HTTP/1.1 otherwise;
 * a plain {@code http} URL always gets HTTP/1.1. Connections per destination are not limited (a run
 * never waits for another run's request to end); connecting may take {@link #DEFAULT_CONNECT_TIMEOUT}.
 * It follows no redirects: a 3xx is not a success, and following one could send the job's method,
 * body or credentials somewhere its author did not name. No cookies are kept; no
 * {@code Content-Type} is added. A proxy is used only if the JVM is configured for one
 * ({@code -Dhttps.proxyHost=…}, else {@code -Dhttp.proxyHost=…}; hosts in {@code http.nonProxyHosts}
 * go direct). Each request gets {@code User-Agent: Vigil} unless the call sets its own. See
 * {@code docs/execution.md}.
 */
public final class HttpRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpRunner.class);

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_USER_AGENT = "Vigil";
    /** How long {@link #close()} waits for cancelled calls to report their outcome. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Not a limit in practice: every run's request goes out at once, however many are due together. */
    private static final int CONNECTIONS_PER_DESTINATION = 100_000;

    private final HttpClient client;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<InFlightCall> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Connect timeout {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public HttpRunner() {
        this(DEFAULT_CONNECT_TIMEOUT);
    }

    /** @param connectTimeout how long opening a connection may take; the call's own timeout still applies when it is shorter */
    public HttpRunner(Duration connectTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client()); // the JVM's trust store; host names verified
        connector.setConnectTimeout(connectTimeout);
        HttpClient c = new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11,
                new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector))));
        c.setFollowRedirects(false);
        c.setConnectTimeout(connectTimeout.toMillis());
        c.setHttpCookieStore(new HttpCookieStore.Empty());
        c.setUserAgentField(null); // set per request, unless the call has its own
        c.setDefaultRequestContentType(null);
        c.setMaxConnectionsPerDestination(CONNECTIONS_PER_DESTINATION);
        c.setMaxRequestsQueuedPerDestination(CONNECTIONS_PER_DESTINATION);
        proxy(c);
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        this.client = c;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "vigil-http-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** The JVM's proxy settings, as Java's own clients read them: https first, then http. */
    private static void proxy(HttpClient c) {
        for (String scheme : List.of("https", "http")) {
            String host = System.getProperty(scheme + ".proxyHost");
            if (host == null || host.isBlank()) continue;
            int port = Integer.getInteger(scheme + ".proxyPort", scheme.equals("https") ? 443 : 80);
            java.util.regex.Pattern direct = nonProxyHosts(System.getProperty("http.nonProxyHosts", "localhost|127.*|[::1]"));
            c.getProxyConfiguration().addProxy(new HttpProxy(host, port) {
                @Override
                public boolean matches(org.eclipse.jetty.client.Origin origin) {
                    return !direct.matcher(origin.getAddress().getHost()).matches();
                }
            });
            return;
        }
    }

    /** {@code http.nonProxyHosts}: host names separated by {@code |}, each with at most a leading or trailing {@code *}. */
    static java.util.regex.Pattern nonProxyHosts(String spec) {
        List<String> parts = new java.util.ArrayList<>();
        for (String h : spec.split("\\|")) {
            if (h.isBlank()) continue;
            parts.add(java.util.Arrays.stream(h.trim().split("\\*", -1)).map(java.util.regex.Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*")));
        }
        return java.util.regex.Pattern.compile(parts.isEmpty() ? "(?!)" : String.join("|", parts),
                java.util.regex.Pattern.CASE_INSENSITIVE);
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
