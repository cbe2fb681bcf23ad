package dev.vigil.alert.channel.email;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.AlertText;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The email for one alert: subject {@code <prefix> <title>}, a text/plain and a text/html
 * alternative saying the same ({@link AlertText}), and headers for deduplication and threading.
 *
 * <p>Threading: the first message of an incident gets the Message-ID {@code <incidentKey@vigil>};
 * every later one (acknowledge, resolve, reminders, escalations) points at it with
 * {@code In-Reply-To} and {@code References}, so mail clients show one incident as one thread. Later
 * messages get their Message-ID from the idempotency key, so a resend after a crash carries the same
 * Message-ID as the lost-or-not first attempt and mail systems that drop duplicates by Message-ID
 * drop it.
 */
final class EmailMessage {
    static final String MESSAGE_ID_DOMAIN = "vigil";
    // RFC 5322 dot-atom-text: what may stand left of the @ in a Message-ID without quoting.
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private EmailMessage() {}

    static MimeMessage build(Session session, EmailConfig config, AlertMessage m, String idempotencyKey, Instant now)
            throws MessagingException {
        String messageId = isFirst(m) ? messageId(m.incidentKey()) : messageId(idempotencyKey);
        MimeMessage mime = new FixedIdMimeMessage(session, messageId);
        mime.setFrom(config.fromAddress());
        mime.setRecipients(MimeMessage.RecipientType.TO, config.toAddresses());
        if (!config.cc().isEmpty()) mime.setRecipients(MimeMessage.RecipientType.CC, config.ccAddresses());
        mime.setSubject(subject(config, m), StandardCharsets.UTF_8.name());
        mime.setSentDate(Date.from(now));
        if (!isFirst(m)) {
            String root = messageId(m.incidentKey());
            mime.setHeader("In-Reply-To", root);
            mime.setHeader("References", root);
        }
        mime.setHeader("X-Vigil-Idempotency-Key", oneLine(idempotencyKey));
        mime.setHeader("X-Vigil-Incident", oneLine(m.incidentKey()));
        // RFC 3834: tells auto-responders (vacation replies) not to answer; Outlook reads its own header.
        mime.setHeader("Auto-Submitted", "auto-generated");
        mime.setHeader("X-Auto-Response-Suppress", "All");

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(AlertText.plain(m), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(EmailHtml.render(m), StandardCharsets.UTF_8.name(), "html");
        // Plain first: clients show the last alternative they can display.
        mime.setContent(new MimeMultipart("alternative", plain, html));
        mime.saveChanges();
        return mime;
    }

    /** {@code [Vigil] DOWN prod/nightly-backup: missed}; one line whatever the job's name holds. */
    static String subject(EmailConfig config, AlertMessage m) {
        String title = oneLine(AlertText.title(m));
        return config.subjectPrefix().isEmpty() ? title : config.subjectPrefix() + " " + title;
    }

    /** The incident's first message; everything after it replies to it. */
    static boolean isFirst(AlertMessage m) {
        return m.isTrigger() && m.repeat() == 0 && m.step() == 0;
    }

    /** {@code <key@vigil>}; a key that is not a dot-atom is hashed so the Message-ID stays valid and stable. */
    static String messageId(String key) {
        String local = DOT_ATOM.matcher(key).matches() ? key : sha256(key);
        return "<" + local + "@" + MESSAGE_ID_DOMAIN + ">";
    }

    // Header values come from job names and keys: a line break there would start a header of its own.
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable; every JDK has it, so this indicates a bug", e);
        }
    }

    /** Jakarta Mail makes up a random Message-ID on {@code saveChanges()}; ours is derived from the keys. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
