package dev.vigil.alert;

import dev.vigil.domain.VigilException;

/**
 * A failed delivery, thrown by {@link AlertChannel#send}. The one thing the delivery loop needs to
 * know is whether trying again can help:
 * <ul>
 *   <li>{@linkplain #retryable retryable} — the receiver is down, slow, rate limiting or answered
 *       5xx; the notification is tried again with back-off until it runs out of attempts;</li>
 *   <li>{@linkplain #permanent permanent} — the request itself is wrong (bad URL, rejected
 *       credentials, a 4xx other than 408/429, a channel gone); it is failed at once, because
 *       repeating it would only spam the receiver with the same mistake.</li>
 * </ul>
 * The message is recorded with the delivery attempt and shown to users, so it should say what the
 * receiver answered, without secrets.
 */
public class DeliveryException extends VigilException {
    private final boolean permanent;
    private final Integer statusCode;

    /**
     * @param statusCode the receiver's HTTP (or protocol) status, or null if there was no answer
     */
    public DeliveryException(String message, boolean permanent, Integer statusCode, Throwable cause) {
        super("delivery_failed", message, cause);
        this.permanent = permanent;
        this.statusCode = statusCode;
    }

    public static DeliveryException retryable(String message, Integer statusCode, Throwable cause) {
        return new DeliveryException(message, false, statusCode, cause);
    }

    public static DeliveryException permanent(String message, Integer statusCode, Throwable cause) {
        return new DeliveryException(message, true, statusCode, cause);
    }

    /**
     * A recorded delivery error without the receiver's own words: up to and including the status
     * ({@code hooks.example.com answered HTTP 500}, {@code smtp.example.com:587 answered 550}), or up
     * to {@code rejected the login}; an error without an answer (no connection, a timeout) as it is.
     * For readers who may see only the status (docs/security.md). The errors
     * are worded by {@code HttpChannelSupport} and {@code SmtpFailures}, with the answer last.
     */
    public static String withoutAnswer(String error) {
        if (error == null) return null;
        java.util.regex.Matcher m = ANSWER.matcher(error);
        return m.find() ? error.substring(0, m.end()) : error;
    }

    // What comes after is the receiver's; the first match cuts, so that nothing of an answer that
    // itself reads "answered HTTP 200: …" gets through.
    private static final java.util.regex.Pattern ANSWER =
            java.util.regex.Pattern.compile("answered (?:HTTP )?\\d{3}|rejected the login");

    /** True if retrying cannot help: the notification is failed without further attempts. */
    public boolean permanent() { return permanent; }

    /** The receiver's status code, or null when there was no response (connect error, timeout). */
    public Integer statusCode() { return statusCode; }
}
