package dev.vigil.monitor;

import java.util.Arrays;

/**
 * An open-addressing hash map from long keys to non-negative int values, without boxing: the
 * deadline index keeps one entry per monitored job and must stay small. Not thread-safe.
 */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private static final long TOMBSTONE = Long.MIN_VALUE + 1;
    private long[] keys = newKeys(2048);
    private int[] values = new int[2048];
    private int used;

    /** The value for {@code key}, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return -1;
        }
    }

    void put(long key, int value) {
        if ((used + 1) * 4L >= keys.length * 3L) rehash(keys.length * 2);
        int mask = keys.length - 1;
        int tomb = -1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) { values[i] = value; return; }
            if (k == TOMBSTONE && tomb < 0) tomb = i;
            if (k == EMPTY) {
                int at = tomb >= 0 ? tomb : i;
                if (at == i) used++;
                keys[at] = key;
                values[at] = value;
                return;
            }
        }
    }

    void remove(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) { keys[i] = TOMBSTONE; return; }
            if (k == EMPTY) return;
        }
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = newKeys(capacity);
        values = new int[capacity];
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && oldKeys[i] != TOMBSTONE) put(oldKeys[i], oldValues[i]);
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static long[] newKeys(int capacity) {
        long[] k = new long[capacity];
        Arrays.fill(k, EMPTY);
        return k;
    }
}
