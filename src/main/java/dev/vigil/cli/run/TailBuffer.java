package dev.vigil.cli.run;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written to it, from any number of threads, in arrival order: the
 * output tail sent with the finish report. A ring buffer, so a chatty job costs no more memory
 * than a quiet one.
 */
final class TailBuffer {
    private final byte[] ring;
    private long written;

    TailBuffer(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        if (ring.length == 0) return;
        if (length >= ring.length) { // only the end of this chunk can survive
            offset += length - ring.length;
            written += length - ring.length;
            length = ring.length;
        }
        int pos = (int) (written % ring.length);
        int first = Math.min(length, ring.length - pos);
        System.arraycopy(bytes, offset, ring, pos, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        written += length;
    }

    /** The tail, oldest byte first. */
    synchronized byte[] bytes() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % Math.max(ring.length, 1));
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, size - first);
        return out;
    }

    /** The last at most {@code maxBytes} bytes as text; a character cut in half at the start is dropped. */
    synchronized String text(int maxBytes) {
        byte[] b = bytes();
        int from = Math.max(0, b.length - Math.max(0, maxBytes));
        boolean cut = from > 0 || written > b.length;
        // skip UTF-8 continuation bytes (10xxxxxx) left over from a character that was cut
        for (int i = 0; cut && i < 3 && from < b.length && (b[from] & 0xC0) == 0x80; i++) from++;
        return new String(b, from, b.length - from, StandardCharsets.UTF_8);
    }

    synchronized long totalWritten() {
        return written;
    }
}
