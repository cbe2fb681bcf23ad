package dev.vigil.alert;

import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a failed notification again: {@code base × 2^(attempts−1)}, capped at {@code max},
 * then spread by ±{@code jitter} so that many alerts failing together (a receiver outage) do not
 * all come back in the same second and knock it over again.
 */
public record Backoff(Duration base, Duration max, double jitter) {
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(15);
    public static final double DEFAULT_JITTER = 0.2;
    public static final Backoff DEFAULT = new Backoff(DEFAULT_BASE, DEFAULT_MAX, DEFAULT_JITTER);

    public Backoff {
        if (base == null || base.isNegative() || base.isZero()) {
            throw new ValidationException("backoff.base", "must be a positive duration");
        }
        if (max == null || max.compareTo(base) < 0) {
            throw new ValidationException("backoff.max", "must be at least the base " + base);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new ValidationException("backoff.jitter", "must be in [0, 1), got " + jitter);
        }
    }

    /** The delay before the next attempt, after {@code failedAttempts} (≥ 1) failed ones. */
    public Duration delayAfter(int failedAttempts, RandomGenerator random) {
        double spread = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(nominal(failedAttempts).toMillis() * spread));
    }

    /** The shortest delay {@link #delayAfter} can return. */
    public Duration minDelayAfter(int failedAttempts) {
        return Duration.ofMillis((long) Math.floor(nominal(failedAttempts).toMillis() * (1 - jitter)));
    }

    /** The longest delay {@link #delayAfter} can return. */
    public Duration maxDelayAfter(int failedAttempts) {
        return Duration.ofMillis((long) Math.ceil(nominal(failedAttempts).toMillis() * (1 + jitter)));
    }

    /** The delay before jitter. */
    public Duration nominal(int failedAttempts) {
        if (failedAttempts < 1) throw new IllegalArgumentException("failedAttempts must be >= 1, got " + failedAttempts);
        int doublings = failedAttempts - 1;
        // Past 2^40 any sane base is far beyond max; stopping there also avoids overflow.
        if (doublings > 40) return max;
        Duration d = base.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
