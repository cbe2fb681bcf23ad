package dev.vigil.alert.channel.email;

import dev.vigil.util.OutboundPolicy;
import dev.vigil.util.OutboundRefused;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets for the SMTP client that obey the {@link OutboundPolicy}: Angus Mail makes an unconnected
 * socket and connects it to the server's address, resolved right then; the check is on that very
 * address, so a name that resolves to a denied one is refused whenever it does. A refusal is an
 * {@link OutboundRefused} down the cause chain of the client's exception.
 */
final class CheckedSockets {
    private CheckedSockets() {}

    /** For a plain connection, and the first leg of STARTTLS ({@code mail.smtp.socketFactory}). */
    static SocketFactory plain(OutboundPolicy policy) {
        return new Plain(policy);
    }

    /**
     * For TLS from the start with a trust store of its own ({@code mail.smtp.ssl.socketFactory};
     * only tests have one). Angus Mail opens the TCP connection for an SSL factory itself, so this
     * checks the address connected to before TLS is layered over it: no byte reaches a denied server,
     * but the connection was opened. Without a trust store of its own, TLS from the start goes through
     * {@link #plain}, checked before connecting, and the JVM's default SSL factory.
     */
    static SSLSocketFactory tls(OutboundPolicy policy, SSLSocketFactory tls) {
        return new Tls(policy, tls);
    }

    private static final class CheckedSocket extends Socket {
        private final OutboundPolicy policy;

        CheckedSocket(OutboundPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress a) {
                if (a.isUnresolved()) throw new UnknownHostException(a.getHostString());
                String refused = policy.refusal(a.getHostString(), a.getAddress());
                if (refused != null) throw new OutboundRefused(refused);
            }
            super.connect(endpoint, timeout);
        }
    }

    private static final class Plain extends SocketFactory {
        private final OutboundPolicy policy;

        Plain(OutboundPolicy policy) {
            this.policy = policy;
        }

        @Override
        public Socket createSocket() {
            return new CheckedSocket(policy);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(createSocket(), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(createSocket(), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return createSocket(address, port);
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final OutboundPolicy policy;
        private final SSLSocketFactory tls;

        Tls(OutboundPolicy policy, SSLSocketFactory tls) {
            this.policy = policy;
            this.tls = tls;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            String refused = s.getInetAddress() == null ? null : policy.refusal(host, s.getInetAddress());
            if (refused != null) {
                s.close();
                throw new OutboundRefused(refused);
            }
            return tls.createSocket(s, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(new Plain(policy).createSocket(host, port), host, port, true);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return createSocket(new Plain(policy).createSocket(host, port), host.getHostName(), port, true);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return createSocket(address, port);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }

    private static Socket connected(Socket socket, InetSocketAddress address) throws IOException {
        try {
            socket.connect(address, 0);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
