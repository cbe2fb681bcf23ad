package dev.vigil.alert.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.DeliveryException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replies a test server cannot easily be made to give (a rejected recipient, greylisting, a full
 * disk), built the way Angus Mail reports them.
 */
class SmtpFailuresTest {
    private static final String PASSWORD = "pa55-w0rd!";
    private final EmailConfig config = EmailConfig.parse("""
            {"host": "smtp.example.com", "username": "vigil", "password": "%s", "from": "vigil@example.com",
             "to": ["ops@example.com"]}""".formatted(PASSWORD));

    @ParameterizedTest(name = "{0} {1} → permanent={2}")
    @CsvSource(delimiter = '|', value = {
            "MAIL FROM | 553 | true  | 553 5.7.1 Sender address rejected: not owned by user vigil",
            "DATA      | 554 | true  | 554 5.7.1 Message rejected as spam",
            "DATA      | 552 | true  | 552 5.3.4 Message size exceeds fixed limit",
            "MAIL FROM | 530 | true  | 530 5.7.0 Authentication required",
            "DATA      | 451 | false | 451 4.3.0 Temporary local problem, try again later",
            "MAIL FROM | 421 | false | 421 4.7.0 Too many connections, closing",
    })
    void smtp_replies_5xx_are_permanent_and_4xx_retryable(String command, int code, boolean permanent, String reply) {
        DeliveryException e = SmtpFailures.classify(config,
                new SMTPSendFailedException(command, code, reply, null, null, null, null));

        assertThat(e.permanent()).isEqualTo(permanent);
        assertThat(e.statusCode()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo("smtp.example.com:587 answered " + reply);
    }

    @Test
    void a_rejected_recipient_is_permanent_with_its_code() throws Exception {
        DeliveryException e = SmtpFailures.classify(config, invalidAddresses(550, "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown"));

        assertThat(e.permanent()).isTrue();
        assertThat(e.statusCode()).isEqualTo(550);
        assertThat(e.getMessage()).isEqualTo("smtp.example.com:587 answered 550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown");
    }

    @Test
    void a_greylisted_recipient_is_retryable() throws Exception {
        DeliveryException e = SmtpFailures.classify(config, invalidAddresses(450, "450 4.2.0 <ops@example.com>: Recipient address rejected: Greylisted"));

        assertThat(e.permanent()).isFalse();
        assertThat(e.statusCode()).isEqualTo(450);
    }

    @Test
    void a_temporary_login_failure_is_retryable() {
        DeliveryException e = SmtpFailures.classify(config,
                new AuthenticationFailedException("454 4.7.0 Temporary authentication failure"));

        assertThat(e.permanent()).isFalse();
        assertThat(e.statusCode()).isEqualTo(454);
        assertThat(e.getMessage()).isEqualTo("smtp.example.com:587 rejected the login of user 'vigil': 454 4.7.0 Temporary authentication failure");
    }

    @Test
    void a_login_the_server_cannot_do_at_all_is_permanent() {
        DeliveryException e = SmtpFailures.classify(config,
                new AuthenticationFailedException("No authentication mechanisms supported by both server and client"));

        assertThat(e.permanent()).isTrue();
        assertThat(e.statusCode()).isNull();
    }

    @Test
    void timeouts_and_tls_handshake_errors_are_retryable() {
        DeliveryException timeout = SmtpFailures.classify(config,
                new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out")));
        DeliveryException tls = SmtpFailures.classify(config, new MessagingException("Could not convert socket to TLS",
                new SSLHandshakeException("PKIX path building failed")));

        assertThat(timeout.permanent()).isFalse();
        assertThat(timeout.getMessage()).isEqualTo("no answer from smtp.example.com:587 within PT10S");
        assertThat(tls.permanent()).isFalse();
        assertThat(tls.getMessage()).isEqualTo("TLS with smtp.example.com:587 failed: PKIX path building failed");
    }

    @Test
    void a_server_echoing_the_password_does_not_get_it_into_the_error_or_its_cause() {
        String plain = Base64.getEncoder().encodeToString(("\0vigil\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String login = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));

        for (String echo : new String[] {PASSWORD, plain, login}) {
            DeliveryException e = SmtpFailures.classify(config,
                    new AuthenticationFailedException("535 5.7.8 bad credentials: " + echo));

            assertThat(e.getMessage()).doesNotContain(echo).endsWith("bad credentials: ***");
            assertThat(e.getCause()).isNull();
        }
    }

    private static SendFailedException invalidAddresses(int code, String reply) throws Exception {
        InternetAddress rcpt = new InternetAddress("gone@example.com");
        return new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(rcpt, "RCPT TO", code, reply),
                new Address[0], new Address[0], new Address[] {rcpt});
    }
}
