package dev.vigil.agent.process;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes of a process's combined output (STDOUT and STDERR interleaved as they
 * arrive), for "last lines of output" in alerts. Bounded: memory never exceeds the capacity.
 * Thread-safe. Combine it with the agent's streaming sink through {@link OutputSink#tee}.
 */
public final class OutputTail implements OutputSink {
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private final byte[] ring;
    private long total; // guarded by this; bytes ever written, so total % capacity is the next write position

    public OutputTail() {
        this(DEFAULT_CAPACITY);
    }

    public OutputTail(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.ring = new byte[capacity];
    }

    @Override
    public synchronized void chunk(Stream stream, byte[] data, int offset, int length) {
        // Only the last `capacity` bytes of a big chunk can survive; skip the rest.
        int skip = Math.max(0, length - ring.length);
        total += skip;
        for (int i = skip; i < length; ) {
            int at = (int) (total % ring.length);
            int n = Math.min(length - i, ring.length - at);
            System.arraycopy(data, offset + i, ring, at, n);
            total += n;
            i += n;
        }
    }

    /** The kept bytes, oldest first. */
    public synchronized byte[] bytes() {
        int size = (int) Math.min(total, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((total - size) % ring.length);
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, size - first);
        return out;
    }

    /** How many bytes were written in all, kept or not. */
    public synchronized long totalBytes() {
        return total;
    }

    /** Whether older output was dropped to stay within the capacity. */
    public synchronized boolean truncated() {
        return total > ring.length;
    }

    /**
     * The kept output as UTF-8. Invalid bytes become U+FFFD; when older output was dropped, a
     * character cut in half at the start is skipped rather than shown as garbage.
     */
    public String text() {
        byte[] bytes;
        boolean truncated;
        synchronized (this) {
            bytes = bytes();
            truncated = truncated();
        }
        int start = 0;
        // UTF-8 continuation bytes look like 10xxxxxx; a character has at most three of them.
        while (truncated && start < Math.min(3, bytes.length) && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }
}
