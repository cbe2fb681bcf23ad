package dev.vigil.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Host names only tests resolve, for what DNS would do to a client: {@value #LOOPBACK} resolves to
 * {@code 127.0.0.1}, as an attacker's name rebound to loopback would. Names under {@code .invalid}
 * never exist in real DNS (RFC 6761); every other name is resolved as usual. Installed for the test
 * JVM through {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 */
public final class TestNames extends InetAddressResolverProvider {
    /** A name that is not denied as a name, and resolves to a denied address. */
    public static final String LOOPBACK = "loopback.vigil-test.invalid";

    private static final Map<String, byte[]> NAMES = Map.of(LOOPBACK, new byte[] {127, 0, 0, 1});

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                byte[] address = NAMES.get(host.toLowerCase(java.util.Locale.ROOT));
                if (address != null) return Stream.of(InetAddress.getByAddress(host, address));
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "vigil-test-names";
    }
}
