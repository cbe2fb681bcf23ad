package dev.vigil.alert.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Messages;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestOutbound;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SMTPS ({@code "security": "tls"}) against GreenMail with a certificate made for these tests
 * (subject alternative name 127.0.0.1), so that the channel checks the server's identity as it does
 * in production; the test only adds that certificate to what the channel trusts. There is no
 * "trust everything" switch, in the config or anywhere else.
 *
 * <p>GreenMail reads its key store once per JVM, from system properties, when an SMTPS server first
 * starts; this class sets them before its server starts. GreenMail's STARTTLS is not tested: GreenMail
 * does not offer it (see {@link EmailChannelTest#starttls_required_from_a_server_without_it_is_permanent}).
 */
class EmailTlsTest {
    private static final String STORE_PASSWORD = "changeit";
    private static final Path KEY_STORE = keyStore();

    @RegisterExtension
    static final GreenMailExtension smtps = new GreenMailExtension(
            EmailChannelTest.loopback(ServerSetup.PROTOCOL_SMTPS))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@example.com", "vigil", EmailChannelTest.PASSWORD));

    private final MutableClock clock = MutableClock.at("2025-03-01T02:10:03Z");

    @Test
    void delivers_over_tls_with_login_when_the_certificate_is_trusted() throws Exception {
        EmailChannel email = new EmailChannel(clock, TestOutbound.POLICY, trusting(KEY_STORE));

        email.send(EmailChannelTest.channel(config()), Messages.trigger(), "vigil-key-1");

        MimeMessage[] mails = smtps.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("[Vigil] DOWN prod/nightly-backup: missed");
    }

    @Test
    void an_untrusted_certificate_is_a_retryable_tls_failure() {
        EmailChannel email = new EmailChannel(clock, TestOutbound.POLICY);

        assertThatThrownBy(() -> email.send(EmailChannelTest.channel(config()), Messages.trigger(), "vigil-key-1"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).startsWith("TLS with 127.0.0.1:" + smtps.getSmtps().getPort() + " failed: ")
                            .doesNotContain(EmailChannelTest.PASSWORD);
                });
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    private static String config() {
        return """
                {"host": "127.0.0.1", "port": %d, "security": "tls", "username": "vigil", "password": "%s",
                 "from": "vigil@example.com", "to": ["ops@example.org"], "timeout": 5}"""
                .formatted(smtps.getSmtps().getPort(), EmailChannelTest.PASSWORD);
    }

    private static SSLSocketFactory trusting(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls.getSocketFactory();
    }

    /**
     * GreenMail reads its key store from a file: the one next to this class holds a self-signed
     * certificate for 127.0.0.1 and localhost, valid for 100 years, made with
     * {@code keytool -genkeypair -alias smtps -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1
     * -ext san=ip:127.0.0.1,dns:localhost -validity 36500 -storetype PKCS12 -storepass changeit}.
     * Shipped rather than made per run because keytool takes seconds.
     */
    private static Path keyStore() {
        try (InputStream in = EmailTlsTest.class.getResourceAsStream("smtps-127.0.0.1.p12")) {
            if (in == null) throw new IllegalStateException("smtps-127.0.0.1.p12 missing from the test resources");
            Path store = Files.createTempFile("vigil-smtps", ".p12");
            store.toFile().deleteOnExit();
            Files.copy(in, store, StandardCopyOption.REPLACE_EXISTING);
            System.setProperty("greenmail.tls.keystore.file", store.toString());
            System.setProperty("greenmail.tls.keystore.password", STORE_PASSWORD);
            System.setProperty("greenmail.tls.key.password", STORE_PASSWORD);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
