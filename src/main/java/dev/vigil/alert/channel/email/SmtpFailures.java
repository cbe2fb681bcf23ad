package dev.vigil.alert.channel.email;

import dev.vigil.alert.DeliveryException;
import dev.vigil.util.OutboundRefused;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * What a failed SMTP send means for the delivery loop. Permanent: a 5xx reply (the server refuses
 * the login, the sender or a recipient, or the message) and a server without the STARTTLS the config
 * requires: sending the same again gets the same answer. Retryable: 4xx replies (greylisting, a full
 * mailbox, "try again later"), refused connections, timeouts and TLS or network errors.
 *
 * <p>Messages name the server and quote its reply, never the password; the cause is left off if
 * anything in it repeats the password (a server echoing an AUTH line back, say).
 */
final class SmtpFailures {
    static final int MAX_REPLY_CHARS = 300;
    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)[ -]");

    private SmtpFailures() {}

    static DeliveryException classify(EmailConfig config, MessagingException e) {
        String server = config.host() + ":" + config.port();
        Reply reply = reply(e);
        String message;
        boolean permanent;
        OutboundRefused refused = cause(e, OutboundRefused.class);
        if (refused != null) {
            // A setting to change, not a hiccup: sending again cannot help.
            return DeliveryException.permanent(scrub(refused.getMessage(), config), null, null);
        }
        if (e instanceof AuthenticationFailedException) {
            message = server + " rejected the login of user '" + config.username() + "': " + text(e);
            permanent = reply == null || reply.code >= 500;
        } else if (reply != null) {
            // The code first, so that readers who may see only the status can be shown just that
            // (DeliveryException.withoutAnswer).
            String code = Integer.toString(reply.code);
            message = server + " answered " + (reply.text.startsWith(code) ? reply.text : code + " " + reply.text);
            permanent = reply.code >= 500;
        } else if (cause(e, SocketTimeoutException.class) != null) {
            message = "no answer from " + server + " within " + config.timeout();
            permanent = false;
        } else if (e instanceof MailConnectException || cause(e, ConnectException.class) != null
                || cause(e, UnknownHostException.class) != null || cause(e, NoRouteToHostException.class) != null) {
            IOException io = cause(e, IOException.class);
            message = "cannot connect to " + server + ": " + (io == null ? text(e) : text(io));
            permanent = false;
        } else if (cause(e, SSLException.class) != null) {
            message = "TLS with " + server + " failed: " + text(cause(e, SSLException.class));
            permanent = false;
        } else if (String.valueOf(e.getMessage()).startsWith("STARTTLS is required")) {
            // Angus Mail's words when the server does not offer STARTTLS: a setting to change, not a hiccup.
            message = server + " does not offer STARTTLS; use \"security\": \"tls\" if it expects TLS from the start";
            permanent = true;
        } else {
            IOException io = cause(e, IOException.class);
            message = "sending via " + server + " failed: " + text(e) + (io == null ? "" : " (" + text(io) + ")");
            permanent = false;
        }
        Integer status = reply == null ? null : reply.code;
        String safe = scrub(message, config);
        MessagingException cause = mentions(e, config) ? null : e;
        return permanent ? DeliveryException.permanent(safe, status, cause) : DeliveryException.retryable(safe, status, cause);
    }

    /** The SMTP reply behind the failure, if the server gave one: the first code found down the chain. */
    private static Reply reply(MessagingException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof SMTPSendFailedException s && s.getReturnCode() > 0) return new Reply(s.getReturnCode(), text(s));
            if (t instanceof SMTPAddressFailedException a && a.getReturnCode() > 0) return new Reply(a.getReturnCode(), text(a));
            if (t instanceof AuthenticationFailedException) {
                Matcher code = LEADING_CODE.matcher(String.valueOf(t.getMessage()));
                if (code.find()) return new Reply(Integer.parseInt(code.group(1)), text(t));
            }
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** The exception's message on one line, cut to a length fit for a delivery record. */
    private static String text(Throwable t) {
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > MAX_REPLY_CHARS ? m.substring(0, MAX_REPLY_CHARS) + "…" : m;
    }

    private static boolean mentions(Throwable e, EmailConfig config) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m != null && !scrub(m, config).equals(m)) return true;
        }
        return false;
    }

    /**
     * Removes the password from text meant for people, also in the Base64 forms SMTP AUTH sends it
     * in: the password alone (LOGIN) and {@code \0user\0password} (PLAIN).
     */
    static String scrub(String text, EmailConfig config) {
        String password = config.password();
        if (password == null) return text;
        String out = text.replace(password, "***");
        for (String secret : new String[] {password, "\0" + config.username() + "\0" + password}) {
            String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            // Padded first, then without the padding a server may have dropped.
            out = out.replace(encoded, "***").replace(encoded.replace("=", ""), "***");
        }
        return out;
    }

    private record Reply(int code, String text) {}
}
