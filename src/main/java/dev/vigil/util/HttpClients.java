package dev.vigil.util;

import java.time.Duration;
import java.util.List;
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
 */
public final class HttpClients {
    /** Not a limit in practice: a request never waits for another one to the same server to end. */
    private static final int CONNECTIONS_PER_DESTINATION = 100_000;

    private HttpClients() {
    }

    /** A started client; {@code name} names its threads. Stop it when done. */
    public static HttpClient start(String name, Duration connectTimeout) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client());
        connector.setConnectTimeout(connectTimeout);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name);
        threads.setDaemon(true);
        connector.setExecutor(threads);
        connector.setScheduler(new ScheduledExecutorScheduler(name + "-scheduler", true));
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
        proxy(c);
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

    /** The JVM's proxy settings, as Java's own clients read them: https first, then http. */
    private static void proxy(HttpClient c) {
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
            return;
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
