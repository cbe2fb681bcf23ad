package dev.vigil.web;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per job (PingRoutes keys it by job id once it knows it): a script stuck in a loop cannot flood
 * the single writer that every other job's reports go through. A burst of twice the rate is
 * allowed. Buckets of quiet jobs are dropped once the table grows large, so it stays bounded.
 */
final class PingRateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private final int perSecond;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastMillis;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastMillis = now;
        }
    }

    /** @param perSecond pings per second per job; 0 turns limiting off */
    PingRateLimiter(int perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Takes one token for {@code key}; false means over the limit. */
    boolean tryAcquire(String key) {
        if (perSecond == 0) return true;
        long now = clock.millis();
        if (buckets.size() > MAX_BUCKETS) buckets.values().removeIf(b -> now - b.lastMillis > 10_000);
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(2.0 * perSecond, now));
        synchronized (b) {
            b.tokens = Math.min(2.0 * perSecond, b.tokens + (now - b.lastMillis) * perSecond / 1000.0);
            b.lastMillis = now;
            if (b.tokens < 1) return false;
            b.tokens -= 1;
            return true;
        }
    }
}
