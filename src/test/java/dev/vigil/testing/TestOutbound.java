package dev.vigil.testing;

import dev.vigil.alert.channel.HttpChannelSupport;
import dev.vigil.app.Config;
import dev.vigil.util.OutboundPolicy;
import java.nio.file.Path;
import org.eclipse.jetty.client.HttpClient;

/**
 * Where requests made by tests may go: what {@link Config#forTests} allows (loopback, where tests
 * run their receivers), for tests that build channels and HTTP runners without a server.
 */
public final class TestOutbound {
    public static final OutboundPolicy POLICY = Config.forTests(Path.of("unused")).outbound();

    private TestOutbound() {}

    /** The alert channels' shared client under {@link #POLICY}. */
    public static HttpClient alertClient() {
        return HttpChannelSupport.sharedClient(POLICY);
    }
}
