package dev.vigil.alert.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import dev.vigil.alert.DeliveryException;
import dev.vigil.alert.Messages;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ValidationException;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestNames;
import dev.vigil.testing.TestOutbound;
import dev.vigil.util.OutboundPolicy;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The email channel against a real SMTP server (GreenMail) on a free loopback port. */
class EmailChannelTest {
    static final String PASSWORD = "s3cr3t-Pa55";
    private static final String TRIGGER_KEY = "vigil-" + Messages.JOB + "-17-4";
    private static final String RESOLVE_KEY = "vigil-" + Messages.JOB + "-18-4";

    /**
     * A GreenMail server on a free loopback port. Its start is given 30 s, not 2: on a loaded CI
     * machine, SMTPS loading its key store took longer than GreenMail's default.
     */
    static ServerSetup loopback(String protocol) {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol).dynamicPort();
        setup.setServerStartupTimeout(30_000);
        return setup;
    }

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(
            loopback(ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@example.com", "vigil", PASSWORD));

    private final MutableClock clock = MutableClock.at("2025-03-01T02:10:03Z");
    private final EmailChannel email = new EmailChannel(clock, TestOutbound.POLICY);

    @Test
    void trigger_is_delivered_with_subject_recipients_and_vigil_headers() throws Exception {
        email.send(channel(config("")), Messages.trigger(), TRIGGER_KEY);

        MimeMessage mail = only(inbox("ops@example.org"));
        assertThat(mail.getSubject()).isEqualTo("[Vigil] DOWN prod/nightly-backup: missed");
        assertThat(addresses(mail.getFrom())).containsExactly("Vigil <vigil@example.com>");
        assertThat(addresses(mail.getRecipients(RecipientType.TO))).containsExactly("ops@example.org", "Bob <bob@example.org>");
        assertThat(addresses(mail.getRecipients(RecipientType.CC))).containsExactly("audit@example.org");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(Instant.parse("2025-03-01T02:10:03Z"));
        assertThat(mail.getMessageID()).isEqualTo("<" + Messages.KEY + "@vigil>");
        assertThat(mail.getHeader("In-Reply-To")).isNull();
        assertThat(mail.getHeader("References")).isNull();
        assertThat(mail.getHeader("X-Vigil-Idempotency-Key", null)).isEqualTo(TRIGGER_KEY);
        assertThat(mail.getHeader("X-Vigil-Incident", null)).isEqualTo(Messages.KEY);
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    }

    @Test
    void body_has_a_plain_and_an_html_part_with_the_facts_and_last_output() throws Exception {
        AlertMessage trigger = Messages.trigger();
        email.send(channel(config("")), trigger, TRIGGER_KEY);

        MimeMessage mail = only(inbox("ops@example.org"));
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");

        String plain = lf((String) parts.getBodyPart(0).getContent());
        assertThat(plain).isEqualTo(AlertText.plain(trigger));
        assertThat(plain).contains("What: no start within grace (expected 02:00 UTC)", "Owner: alice",
                "Since: 2025-03-01T02:10:00Z", "    pg_dump: error: connection to server failed",
                "Job: " + Messages.JOB_URL, "Incident: " + Messages.INCIDENT_URL);

        String html = lf((String) parts.getBodyPart(1).getContent());
        assertThat(html).contains("<h2 style=\"color: #cf222e\">DOWN prod/nightly-backup: missed</h2>",
                ">What</th><td style=\"padding: 2px 0\">no start within grace (expected 02:00 UTC)</td>",
                ">Owner</th><td style=\"padding: 2px 0\">alice</td>",
                ">Tags</th><td style=\"padding: 2px 0\">db, backup</td>",
                "dumping schema public\npg_dump: error: connection to server failed</pre>",
                "<a href=\"" + Messages.JOB_URL + "\">Open the job</a>",
                "<a href=\"" + Messages.INCIDENT_URL + "\">Open the incident</a>");
    }

    @Test
    void resolve_replies_to_the_trigger_so_the_incident_is_one_thread() throws Exception {
        email.send(channel(config("")), Messages.trigger(), TRIGGER_KEY);
        email.send(channel(config("")), Messages.resolve(), RESOLVE_KEY);

        MimeMessage[] mails = inbox("ops@example.org");
        assertThat(mails).hasSize(2);
        MimeMessage trigger = mails[0];
        MimeMessage resolve = mails[1];
        assertThat(resolve.getSubject()).isEqualTo("[Vigil] RESOLVED prod/nightly-backup: up");
        assertThat(resolve.getMessageID()).isEqualTo("<" + RESOLVE_KEY + "@vigil>");
        assertThat(resolve.getHeader("In-Reply-To", null)).isEqualTo(trigger.getMessageID());
        assertThat(resolve.getHeader("References", null)).isEqualTo(trigger.getMessageID());
        assertThat(resolve.getHeader("X-Vigil-Incident", null)).isEqualTo(Messages.KEY);
        assertThat(resolve.getHeader("X-Vigil-Idempotency-Key", null)).isEqualTo(RESOLVE_KEY);
        String plain = lf((String) ((MimeMultipart) resolve.getContent()).getBodyPart(0).getContent());
        assertThat(plain).isEqualTo(AlertText.plain(Messages.resolve())).contains("Opened: 2025-03-01T02:10:00Z (lasted 2h 5m)");
        String html = (String) ((MimeMultipart) resolve.getContent()).getBodyPart(1).getContent();
        assertThat(html).contains("<h2 style=\"color: #1a7f37\">RESOLVED prod/nightly-backup: up</h2>");
    }

    @Test
    void acknowledge_and_reminder_say_so_in_the_subject_and_thread_under_the_trigger() throws Exception {
        email.send(channel(config("")), Messages.acknowledge(), "ack-key");
        email.send(channel(config("")), Messages.reminder(), "reminder-key");

        MimeMessage[] mails = inbox("ops@example.org");
        assertThat(mails[0].getSubject()).isEqualTo("[Vigil] ACKNOWLEDGED prod/nightly-backup by alice");
        assertThat(mails[1].getSubject()).isEqualTo("[Vigil] DOWN prod/nightly-backup: missed (reminder 2)");
        assertThat(mails[0].getMessageID()).isEqualTo("<ack-key@vigil>");
        assertThat(mails[1].getMessageID()).isEqualTo("<reminder-key@vigil>");
        for (MimeMessage mail : mails) {
            assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<" + Messages.KEY + "@vigil>");
        }
    }

    @Test
    void a_resend_after_a_crash_carries_the_same_message_id() throws Exception {
        email.send(channel(config("")), Messages.resolve(), RESOLVE_KEY);
        clock.advance(java.time.Duration.ofMinutes(1));
        email.send(channel(config("")), Messages.resolve(), RESOLVE_KEY);

        MimeMessage[] mails = inbox("ops@example.org");
        assertThat(mails).hasSize(2);
        assertThat(mails[1].getMessageID()).isEqualTo(mails[0].getMessageID());
    }

    @Test
    void subject_prefix_is_configurable_and_may_be_empty() throws Exception {
        email.send(channel(config(", \"subjectPrefix\": \"\"")), Messages.warning(), TRIGGER_KEY);
        email.send(channel(config(", \"subjectPrefix\": \"[prod]\"")), Messages.warning(), TRIGGER_KEY);

        MimeMessage[] mails = inbox("ops@example.org");
        assertThat(mails[0].getSubject()).isEqualTo("WARNING prod/nightly-backup: late");
        assertThat(mails[1].getSubject()).isEqualTo("[prod] WARNING prod/nightly-backup: late");
    }

    @Test
    void logs_in_with_username_and_password() throws Exception {
        email.send(channel(config(", \"username\": \"vigil\", \"password\": \"" + PASSWORD + "\"")), Messages.trigger(),
                TRIGGER_KEY);

        assertThat(inbox("ops@example.org")).hasSize(1);
    }

    @Test
    void a_wrong_password_is_permanent_with_the_smtp_code_and_no_password_in_the_error() {
        String wrong = "not-" + PASSWORD;
        assertThatThrownBy(() -> email.send(channel(config(", \"username\": \"vigil\", \"password\": \"" + wrong + "\"")),
                Messages.trigger(), TRIGGER_KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(535);
                    assertThat(e.getMessage()).startsWith("127.0.0.1:" + port() + " rejected the login of user 'vigil': 535")
                            .doesNotContain(wrong).doesNotContain(PASSWORD);
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void a_refused_connection_is_retryable_and_names_the_server() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String json = """
                {"host": "127.0.0.1", "port": %d, "security": "none", "username": "vigil", "password": "%s",
                 "from": "vigil@example.com", "to": ["ops@example.org"]}""".formatted(closed, PASSWORD);

        assertThatThrownBy(() -> email.send(channel(json), Messages.trigger(), TRIGGER_KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.statusCode()).isNull();
                    assertThat(e.getMessage()).startsWith("cannot connect to 127.0.0.1:" + closed + ": ")
                            .doesNotContain(PASSWORD);
                });
    }

    @Test
    void starttls_required_from_a_server_without_it_is_permanent() {
        String json = """
                {"host": "127.0.0.1", "port": %d, "from": "vigil@example.com", "to": ["ops@example.org"]}"""
                .formatted(port());

        assertThatThrownBy(() -> email.send(channel(json), Messages.trigger(), TRIGGER_KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessage("127.0.0.1:" + port() + " does not offer STARTTLS; use \"security\": \"tls\" if it expects TLS from the start");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void an_smtp_server_the_outbound_policy_denies_is_refused_when_configured_and_when_connecting() {
        EmailChannel released = new EmailChannel(clock, OutboundPolicy.defaults());

        assertThatThrownBy(() -> released.validateConfig(config("")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("config.host"))
                .hasMessageContaining("outbound requests to 127.0.0.1 are denied");
        for (String security : new String[] {"none", "starttls", "tls"}) {
            String rebound = config("").replace("\"127.0.0.1\"", "\"" + TestNames.LOOPBACK + "\"")
                    .replace("\"security\": \"none\"", "\"security\": \"" + security + "\"");
            released.validateConfig(rebound); // the name is not denied; where it leads is checked on connecting
            assertThatThrownBy(() -> released.send(channel(rebound), Messages.trigger(), TRIGGER_KEY)).as(security)
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).as(security + ": " + e.getMessage()).isTrue())
                    .hasMessage("outbound requests to " + TestNames.LOOPBACK + " (127.0.0.1) are denied: 127.0.0.0/8 (loopback) "
                            + "is on the deny list (VIGIL_OUTBOUND_DENY, default); allow it with VIGIL_OUTBOUND_ALLOW");
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();

        String allowed = config("").replace("\"127.0.0.1\"", "\"" + TestNames.LOOPBACK + "\"");
        email.send(channel(allowed), Messages.trigger(), TRIGGER_KEY); // loopback allowed, as in every test
        assertThat(inbox("ops@example.org")).hasSize(1);
    }

    @Test
    void a_hand_edited_invalid_config_fails_permanently() {
        assertThatThrownBy(() -> email.send(channel("{\"host\": \"127.0.0.1\"}"), Messages.trigger(), TRIGGER_KEY))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessage("invalid email config: config.from: is required");
    }

    static String config(String extra) {
        return """
                {"host": "127.0.0.1", "port": %d, "security": "none", "from": "Vigil <vigil@example.com>",
                 "to": ["ops@example.org", "Bob <bob@example.org>"], "cc": ["audit@example.org"], "timeout": 5%s}"""
                .formatted(port(), extra);
    }

    private static int port() {
        return smtp.getSmtp().getPort();
    }

    static Channel channel(String config) {
        return new Channel(4, 1, EmailChannel.KIND, "ops-mail", config, Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** What one recipient got, in order: GreenMail keeps a copy per recipient. */
    static MimeMessage[] inbox(String address) {
        return smtp.findReceivedMessages(user -> user.getEmail().equals(address), mail -> true).toArray(MimeMessage[]::new);
    }

    private static MimeMessage only(MimeMessage[] messages) {
        assertThat(messages).hasSize(1);
        return messages[0];
    }

    private static String[] addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(Address::toString).toArray(String[]::new);
    }

    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }
}
