package dev.vigil.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failures per client address in a sliding window: after {@code limit} failures within
 * {@code window}, the address is refused until the oldest of them leaves the window. Guessing keys
 * or passwords then costs an attacker a window per {@code limit} guesses and address. The table
 * keeps the most recently failing addresses only, so it stays bounded.
 */
public final class Throttle {
    private static final int MAX_ADDRESSES = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** @param limit failures allowed per window; 0 turns throttling off */
    public Throttle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    public synchronized long retryAfterSeconds(String address) {
        if (limit == 0) return 0;
        Deque<Long> d = failures.get(address);
        if (d == null) return 0;
        long now = clock.millis();
        while (!d.isEmpty() && d.peekFirst() <= now - window.toMillis()) d.pollFirst();
        if (d.isEmpty()) {
            failures.remove(address);
            return 0;
        }
        if (d.size() < limit) return 0;
        return Math.max(1, (d.peekFirst() + window.toMillis() - now + 999) / 1000);
    }

    /** Records a failure of {@code address}; returns true when it is now throttled. */
    public synchronized boolean failed(String address) {
        if (limit == 0) return false;
        long now = clock.millis();
        Deque<Long> d = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        d.addLast(now);
        while (d.size() > limit) d.pollFirst();
        return d.size() >= limit && d.peekFirst() > now - window.toMillis();
    }
}
