package dev.vigil.util;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The outgoing HTTP client Vigil makes requests with (http targets, alert channels): Jetty's, set up
 * once here. HTTP/2 where a server offers it over TLS (ALPN), HTTP/1.1 otherwise; the JVM's trust
 * store, host names verified; no redirects followed and no authentication challenge taken up (every
 * answer reaches the caller as it came); no cookies kept; no {@code User-Agent} or
 * {@code Content-Type} added (callers set their own); connections per destination not limited; a
 * proxy only if the JVM is configured for one ({@code -Dhttps.proxyHost=…}, else
 * {@code -Dhttp.proxyHost=…}; hosts in {@code http.nonProxyHosts} go direct). Its threads are
 * daemons: an unclosed client never keeps the JVM alive.
 *
 * <p>Every connection obeys an {@link OutboundPolicy}: the addresses a host name resolves to are
 * checked as the connection is opened, and denied ones are never connected to (a name that resolves
 * only to denied addresses fails the request with {@link OutboundRefused}), so a name that rebinds to
 * {@code 127.0.0.1} between two requests is refused too. A request to a name or literal address the
 * policy denies fails before it is queued. Through a proxy, the proxy resolves the name: only the
 * name and a literal address are checked then, and the proxy itself is not.
 */
public final class HttpClients {
    /** Not a limit in practice: a request never waits for another one to the same server to end. */
    private static final int CONNECTIONS_PER_DESTINATION = 100_000;

    private HttpClients() {
    }

    /** A started client obeying {@code policy}; {@code name} names its threads. Stop it when done. */
    public static HttpClient start(String name, Duration connectTimeout, OutboundPolicy policy) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client());
        connector.setConnectTimeout(connectTimeout);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name);
        threads.setDaemon(true);
        connector.setExecutor(threads);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(name + "-scheduler", true);
        connector.setScheduler(scheduler);
        HttpClient c = new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11,
                new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector))));
        c.setExecutor(threads);
        c.setFollowRedirects(false);
        c.setConnectTimeout(connectTimeout.toMillis());
        c.setHttpCookieStore(new HttpCookieStore.Empty());
        c.setUserAgentField(null);
        c.setDefaultRequestContentType(null);
        c.setMaxConnectionsPerDestination(CONNECTIONS_PER_DESTINATION);
        c.setMaxRequestsQueuedPerDestination(CONNECTIONS_PER_DESTINATION);
        c.setScheduler(scheduler);
        Set<String> proxies = proxy(c);
        c.setSocketAddressResolver(new CheckedResolver(
                new SocketAddressResolver.Async(threads, scheduler, c.getAddressResolutionTimeout()), policy, proxies));
        c.getRequestListeners().addQueuedListener(request -> {
            String refused = policy.refusalOfHost(request.getHost());
            if (refused != null) request.abort(new OutboundRefused(refused));
        });
        c.addBean(policy, false);
        try {
            c.start();
            // Every answer goes to the caller as it came: a 401 or 407 is an answer to report, not a
            // challenge to take up; a 3xx is not followed.
            c.getProtocolHandlers().clear();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        return c;
    }

    /** The policy {@code client} was started with ({@link #start}). */
    public static OutboundPolicy policy(HttpClient client) {
        OutboundPolicy policy = client.getBean(OutboundPolicy.class);
        if (policy == null) throw new IllegalStateException("a client not made by HttpClients.start; indicates a bug");
        return policy;
    }

    /**
     * The JVM's proxy settings, as Java's own clients read them: https first, then http.
     *
     * @return the proxy's {@code host:port}, which the outbound policy does not apply to; empty if none
     */
    private static Set<String> proxy(HttpClient c) {
        for (String scheme : List.of("https", "http")) {
            String host = System.getProperty(scheme + ".proxyHost");
            if (host == null || host.isBlank()) continue;
            int port = Integer.getInteger(scheme + ".proxyPort", scheme.equals("https") ? 443 : 80);
            Pattern direct = nonProxyHosts(System.getProperty("http.nonProxyHosts", "localhost|127.*|[::1]"));
            c.getProxyConfiguration().addProxy(new HttpProxy(host, port) {
                @Override
                public boolean matches(Origin origin) {
                    return !direct.matcher(origin.getAddress().getHost()).matches();
                }
            });
            return Set.of(host.strip().toLowerCase(Locale.ROOT) + ":" + port);
        }
        return Set.of();
    }

    /**
     * Resolves as Jetty does, then keeps only the addresses the policy allows: the client connects
     * to no other. None left: the request fails with the reason for the first.
     */
    private record CheckedResolver(SocketAddressResolver delegate, OutboundPolicy policy, Set<String> proxies)
            implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
            if (proxies.contains(host.toLowerCase(Locale.ROOT) + ":" + port)) {
                delegate.resolve(host, port, context, promise);
                return;
            }
            String early = policy.refusalOfHost(host);
            if (early != null) {
                promise.failed(new OutboundRefused(early));
                return;
            }
            delegate.resolve(host, port, context, new Promise<>() {
                @Override
                public void succeeded(List<InetSocketAddress> resolved) {
                    List<InetSocketAddress> allowed = new ArrayList<>();
                    String refused = null;
                    for (InetSocketAddress a : resolved) {
                        String why = a.getAddress() == null ? null : policy.refusal(host, a.getAddress());
                        if (why == null) allowed.add(a);
                        else if (refused == null) refused = why;
                    }
                    if (allowed.isEmpty() && refused != null) promise.failed(new OutboundRefused(refused));
                    else promise.succeeded(allowed);
                }

                @Override
                public void failed(Throwable x) {
                    promise.failed(x);
                }
            });
        }
    }

    /** The first exception of {@code type} down the cause chain, or null: the client often wraps the telling one. */
    public static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** Whether the failure is the client giving up on connecting (its "Connect Timeout"). */
    public static boolean isConnectTimeout(Throwable e) {
        java.net.SocketTimeoutException t = cause(e, java.net.SocketTimeoutException.class);
        return t != null && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect");
    }

    /** {@code http.nonProxyHosts}: host names separated by {@code |}, each with at most a leading or trailing {@code *}. */
    public static Pattern nonProxyHosts(String spec) {
        List<String> parts = new java.util.ArrayList<>();
        for (String h : spec.split("\\|")) {
            if (h.isBlank()) continue;
            parts.add(java.util.Arrays.stream(h.trim().split("\\*", -1)).map(Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*")));
        }
        return Pattern.compile(parts.isEmpty() ? "(?!)" : String.join("|", parts), Pattern.CASE_INSENSITIVE);
    }
}
