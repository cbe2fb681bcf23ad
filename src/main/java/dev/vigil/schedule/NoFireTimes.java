package dev.vigil.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A job without a schedule never has a fire time. */
record NoFireTimes() implements FireTimes {

    @Override
    public Optional<Instant> next(Instant after) {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> previous(Instant atOrBefore) {
        return Optional.empty();
    }

    @Override
    public Duration typicalInterval() {
        return Duration.ZERO;
    }
}
