package dev.vigil.agent.http;

import dev.vigil.util.OutboundPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Asks the OS why a connection fails. When a connect fails, Java's client retries it on the
 * channel it has just closed and reports the second failure, a {@code ConnectException} without a
 * message: "connection refused" and "no route to host" become the same nothing. One plain connect
 * to the same address gets the reason back. Only used after a failure, never through a proxy.
 */
final class ConnectProbe {
    static final Duration LIMIT = Duration.ofSeconds(1);

    private ConnectProbe() {
    }

    /**
     * The OS's reason a connect to the call's host and port fails, or null if it now succeeds or
     * cannot tell; never a connect to an address {@code outbound} denies.
     */
    static String reason(HttpCall call, OutboundPolicy outbound) {
        URI uri = call.uri();
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null && proxies.select(uri).stream().anyMatch(p -> p.type() != Proxy.Type.DIRECT)) {
            return null;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        if (address.isUnresolved() || outbound.refusal(uri.getHost(), address.getAddress()) != null) return null;
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) LIMIT.toMillis());
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }
}
