package dev.vigil.alert.channel.email;

import dev.vigil.alert.AlertChannel;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.ConfigJson;
import dev.vigil.alert.DeliveryException;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ValidationException;
import dev.vigil.util.OutboundPolicy;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Email over SMTP (kind {@code email}), through Angus Mail. Each alert is one message to the
 * configured recipients, as described in {@link EmailMessage}; settings in {@link EmailConfig};
 * what a failure means in {@link SmtpFailures}.
 *
 * <p>Every send opens its own {@link Session} and connection, built from the channel's config: no
 * state is shared between sends, so one instance serves all email channels from any thread. Alerts
 * are rare enough that a connection per message costs nothing worth pooling for.
 */
public final class EmailChannel implements AlertChannel {
    public static final String KIND = "email";

    @Override
    public java.util.Set<String> secretFields() {
        return java.util.Set.of("password");
    }

    private final Clock clock;
    private final OutboundPolicy outbound;
    private final SSLSocketFactory sslSocketFactory;

    /** @param outbound which SMTP servers may be connected to (PRODUCT.md §9) */
    public EmailChannel(Clock clock, OutboundPolicy outbound) {
        this(clock, outbound, null);
    }

    /**
     * @param sslSocketFactory null for the JVM's default trust store; tests pass one that trusts
     *                         their SMTP server's own certificate (host names are still checked)
     */
    EmailChannel(Clock clock, OutboundPolicy outbound, SSLSocketFactory sslSocketFactory) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.sslSocketFactory = sslSocketFactory;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Parses the config, and refuses an SMTP host the outbound policy denies by name or literal address. */
    @Override
    public void validateConfig(String configJson) {
        EmailConfig config = EmailConfig.parse(configJson);
        String refused = outbound.refusalOfHost(config.host());
        if (refused != null) throw new ValidationException(ConfigJson.field("host"), refused);
    }

    @Override
    public void send(Channel channel, AlertMessage message, String idempotencyKey) {
        EmailConfig config;
        try {
            config = EmailConfig.parse(channel.config());
        } catch (ValidationException e) {
            // Validated when the channel was created, so only a hand-edited row gets here.
            throw DeliveryException.permanent("invalid email config: " + e.getMessage(), null, e);
        }
        Session session = Session.getInstance(properties(config));
        MimeMessage mime;
        try {
            mime = EmailMessage.build(session, config, message, idempotencyKey, clock.instant());
        } catch (MessagingException e) {
            throw DeliveryException.permanent("cannot build the email: " + e.getMessage(), null, e);
        }
        send(session, config, mime);
    }

    private static void send(Session session, EmailConfig config, MimeMessage mime) {
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(config.host(), config.port(), config.username(), config.password());
            transport.sendMessage(mime, mime.getAllRecipients());
        } catch (MessagingException e) {
            throw SmtpFailures.classify(config, e);
        } finally {
            closeQuietly(transport);
        }
    }

    // The server has accepted the message once sendMessage returns: a failing QUIT must not turn
    // into a retry, which would send it twice.
    private static void closeQuietly(Transport transport) {
        if (transport == null) return;
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // Nothing to do: the connection is gone either way.
        }
    }

    Properties properties(EmailConfig config) {
        Properties p = new Properties();
        String timeout = Long.toString(config.timeout().toMillis());
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", Integer.toString(config.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.auth", Boolean.toString(config.authenticates()));
        // Every connection to the server goes through a socket that checks where it connects.
        p.put("mail.smtp.socketFactory", CheckedSockets.plain(outbound));
        p.put("mail.smtp.socketFactory.fallback", "false");
        switch (config.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case TLS -> p.put("mail.smtp.ssl.enable", "true");
            case NONE -> { }
        }
        if (config.security() != EmailConfig.Security.NONE) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            if (config.security() == EmailConfig.Security.TLS) {
                // TLS from the start connects through this factory, then layers TLS over the socket:
                // the JVM's default TLS over a socket checked before it connects (see CheckedSockets).
                p.put("mail.smtp.ssl.socketFactory", sslSocketFactory == null ? CheckedSockets.plain(outbound)
                        : CheckedSockets.tls(outbound, sslSocketFactory));
                p.put("mail.smtp.ssl.socketFactory.fallback", "false");
            } else if (sslSocketFactory != null) {
                p.put("mail.smtp.ssl.socketFactory", sslSocketFactory); // STARTTLS layers it over the checked socket
            }
        }
        return p;
    }
}
