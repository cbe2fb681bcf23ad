package dev.vigil.alert.channel.webhook;

import dev.vigil.domain.VigilException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>}
 * where {@code timestamp} is the {@code X-Vigil-Timestamp} header (epoch seconds) and {@code body}
 * the exact request body bytes.
 *
 * <p>The timestamp is inside the signed text so that a receiver can reject old requests: without
 * it, anyone who once captured a signed request could replay it forever and it would still verify.
 * Receivers check the signature first, then that the timestamp is recent (a few minutes), and
 * deduplicate on {@code Idempotency-Key} to absorb Vigil's own at-least-once retries.
 */
public final class WebhookSignature {
    public static final String PREFIX = "sha256=";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** The {@code X-Vigil-Signature} header value for this timestamp and body. */
    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new VigilException("internal", "HmacSHA256 unavailable; every JDK has it, so this indicates a bug", e);
        }
    }

    /**
     * What a Java receiver does: true if the signature matches and the timestamp is within
     * {@code tolerance} of the receiver's clock. Compares in constant time.
     */
    public static boolean verify(String secret, String timestampHeader, String body, String signatureHeader,
                                 Clock clock, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null) return false;
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) return false;
        Duration age = Duration.between(Instant.ofEpochSecond(timestamp), clock.instant()).abs();
        return age.compareTo(tolerance) <= 0;
    }
}
