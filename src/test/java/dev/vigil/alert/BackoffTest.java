package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ValidationException;
import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = Backoff.DEFAULT;

    @Test
    void doubles_from_five_seconds_and_stops_at_fifteen_minutes() {
        assertThat(backoff.nominal(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.nominal(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.nominal(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.nominal(8)).isEqualTo(Duration.ofSeconds(640));
        assertThat(backoff.nominal(9)).isEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.nominal(1_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void jitter_stays_within_twenty_percent_and_actually_spreads() {
        SplittableRandom random = new SplittableRandom(1);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long ms = backoff.delayAfter(2, random).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isGreaterThanOrEqualTo(8_000).isLessThan(8_200);
        assertThat(max).isLessThanOrEqualTo(12_000).isGreaterThan(11_800);
        assertThat(backoff.minDelayAfter(2)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.maxDelayAfter(2)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void jitter_applies_at_the_cap_too_so_a_backlog_does_not_return_in_lockstep() {
        Duration low = backoff.delayAfter(20, new FixedRandom(0.0));
        Duration high = backoff.delayAfter(20, new FixedRandom(0.999_999));

        assertThat(low).isEqualTo(Duration.ofMinutes(12));
        assertThat(high).isBetween(Duration.ofMinutes(17).plusSeconds(59), Duration.ofMinutes(18));
    }

    @Test
    void settings_are_validated_naming_the_setting() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), 0.2))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("backoff.base"));
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 0.2))
                .hasMessageStartingWith("backoff.max:");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.0))
                .hasMessageStartingWith("backoff.jitter:");
    }

    /** A random source that always returns the same double. */
    static final class FixedRandom extends Random {
        private final double value;

        FixedRandom(double value) {
            this.value = value;
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }
}
