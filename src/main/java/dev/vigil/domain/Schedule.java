package dev.vigil.domain;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * When a job is expected to run: a cron expression in a time zone, a fixed interval, or nothing
 * (on-demand or externally triggered only). Pure data: evaluation lives in {@code dev.vigil.schedule}.
 */
public sealed interface Schedule {

    /** A 5-field Unix or 6-field (seconds first) cron expression, evaluated in {@code zone}. */
    record Cron(String expression, ZoneId zone) implements Schedule {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
            expression = normalized(expression);
        }

        private static final Pattern SPACES = Pattern.compile("\\s+");

        /** Trimmed, each run of whitespace one space; already normal text (as stored) without a regex. */
        private static String normalized(String expression) {
            String t = expression.trim();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c <= ' ' && (c != ' ' || t.charAt(i + 1) == ' ')) return SPACES.matcher(t).replaceAll(" ");
            }
            return t;
        }
    }

    /** A run every {@code interval} of elapsed time. */
    record Every(Duration interval) implements Schedule {
        public Every {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive");
            }
        }
    }

    /** No schedule: the job runs on demand or is triggered elsewhere without a fixed rhythm. */
    record None() implements Schedule {
        public static final None INSTANCE = new None();
    }

    static Schedule none() {
        return None.INSTANCE;
    }
}
