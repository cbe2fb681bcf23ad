package dev.vigil.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A piece of a managed run's output (stdout and stderr as the agent read them), in the order the
 * agent numbered it.
 *
 * <p>The text is kept storable on every database: a NUL character (which PostgreSQL's {@code text}
 * cannot hold) and a lone surrogate (which has no UTF-8 form) are replaced by U+FFFD. So
 * {@link #bytes()} is exactly the size of the text as stored.
 *
 * @param seq the agent's sequence number for the run: 1 for the first chunk, increasing, maybe with
 *            gaps; a chunk is stored once per (run, seq), however often it is delivered
 * @param at  when the agent read the output
 */
public record LogChunk(long runId, long seq, Instant at, String text) {
    private static final char REPLACEMENT = '\uFFFD';

    public LogChunk {
        if (seq < 1) throw new ValidationException("seq", "must be at least 1, got " + seq);
        Objects.requireNonNull(at, "at");
        text = storable(Objects.requireNonNull(text, "text"));
    }

    /** The size of the text in UTF-8. */
    public int bytes() {
        return utf8Length(text, text.length());
    }

    /**
     * UTF-8 bytes of {@code s[0, end)} for text without lone surrogates (such as a chunk's): a
     * surrogate pair counts 4, any other char 1 to 3.
     */
    public static int utf8Length(CharSequence s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    private static String storable(String s) {
        int bad = firstUnstorable(s);
        if (bad < 0) return s;
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, bad);
        for (int i = bad; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return b.toString();
    }

    private static int firstUnstorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) return i;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
