package dev.vigil.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds; percentiles by sorting (a few million samples at most). */
final class Latencies {
    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void record(long nanos) {
        if (size == samples.length) samples = Arrays.copyOf(samples, size * 2);
        samples[size++] = nanos;
    }

    synchronized int count() { return size; }

    /** p in [0, 100]; milliseconds. */
    synchronized double percentileMillis(double p) {
        if (size == 0) return Double.NaN;
        long[] s = Arrays.copyOf(samples, size);
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * size) - 1;
        return s[Math.max(0, Math.min(size - 1, i))] / 1e6;
    }

    String summary() {
        return String.format("n=%d p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms", count(),
                percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9),
                percentileMillis(100));
    }
}
