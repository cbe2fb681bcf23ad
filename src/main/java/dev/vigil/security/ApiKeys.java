package dev.vigil.security;

import dev.vigil.domain.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key material. Generated keys are 40 random base62 characters after a {@code vk_} prefix
 * (≈238 bits), so a plain SHA-256 is a sufficient stored hash: there is nothing to brute-force that
 * a slow hash would protect. Only the hash and a short prefix are stored.
 *
 * <p>A key that may be human-chosen (the configured {@code VIGIL_ADMIN_KEY} and
 * {@code VIGIL_AGENT_TOKEN}) is stored with a salted slow hash ({@link #slowHash}) and no prefix:
 * a leaked database does not give it away by a dictionary, and no part of it is shown.
 */
public final class ApiKeys {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int PREFIX_LENGTH = 7;

    private ApiKeys() {}

    public static String generate() {
        return "vk_" + random(40);
    }

    /** A random base62 string, also used for project ping keys. */
    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(out);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM; indicates a broken runtime", e);
        }
    }

    /** PBKDF2-HMAC-SHA256 iterations of {@link #slowHash}: about 50 ms on one core of a small server. */
    static final int SLOW_ITERATIONS = 120_000;
    private static final String SLOW_SCHEME = "pbkdf2-sha256";

    /** A salted slow hash: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, salt and hash in base64. */
    public static String slowHash(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return slowHash(key, salt, SLOW_ITERATIONS);
    }

    private static String slowHash(String key, byte[] salt, int iterations) {
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        return SLOW_SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(pbkdf2(key, salt, iterations));
    }

    /** Whether a stored hash is a {@linkplain #slowHash slow} one (else a plain SHA-256). */
    public static boolean isSlow(String stored) {
        return stored.startsWith(SLOW_SCHEME + "$");
    }

    /** Whether {@code key} is the secret of the {@linkplain #slowHash slow hash} {@code stored}; compared in constant time. */
    public static boolean matchesSlow(String key, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SLOW_SCHEME)) return false;
        var b64 = java.util.Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = pbkdf2(key, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] pbkdf2(String key, byte[] salt, int iterations) {
        try {
            var spec = new javax.crypto.spec.PBEKeySpec(key.toCharArray(), salt, iterations, 256);
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | java.security.spec.InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM; indicates a broken runtime", e);
        }
    }

    public static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    /** Whether the key may do what needs {@code required} in project {@code projectId} (null: any project). */
    public static boolean allows(ApiKey key, ApiKey.Role required, Long projectId) {
        if (key.projectId() != null && !key.projectId().equals(projectId)) return false;
        return grants(key.role(), required);
    }

    /**
     * Whether a key with role {@code held} may do what needs {@code required}, in any project it may
     * act in. Management roles are ranked, each including the ones below it; an agent key passes
     * only agent checks, and admin keys pass those too.
     */
    public static boolean grants(ApiKey.Role held, ApiKey.Role required) {
        if (required == ApiKey.Role.AGENT) return held == ApiKey.Role.AGENT || held == ApiKey.Role.ADMIN;
        return held != ApiKey.Role.AGENT && rank(held) >= rank(required);
    }

    private static int rank(ApiKey.Role managementRole) {
        return switch (managementRole) {
            case VIEWER -> 1;
            case OPERATOR -> 2;
            case EDITOR -> 3;
            case ADMIN -> 4;
            case AGENT -> throw new IllegalArgumentException("the agent role has no rank; indicates a bug");
        };
    }
}
