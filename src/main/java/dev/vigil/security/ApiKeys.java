package dev.vigil.security;

import dev.vigil.domain.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key material. Keys are 40 random base62 characters after a {@code vk_} prefix (≈238 bits), so
 * a plain SHA-256 is a sufficient stored hash: there is nothing to brute-force that a slow hash
 * would protect. Only the hash and a short prefix are stored.
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
