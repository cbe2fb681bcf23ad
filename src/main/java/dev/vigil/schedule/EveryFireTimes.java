package dev.vigil.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fire times of an {@code every} schedule. It has no fixed grid: the monitor and scheduler anchor it
 * on an observation (the last start or fire), so the argument is the anchor. {@code next(a)} is
 * {@code a + interval}; {@code previous(x)} is {@code x} itself, the anchor counting as a fire time.
 * This keeps the {@link FireTimes} laws: {@code previous(next(a)) == next(a)} and
 * {@code previous(x) <= x}.
 */
record EveryFireTimes(Duration interval) implements FireTimes {

    @Override
    public Optional<Instant> next(Instant after) {
        return Optional.of(after.plus(interval));
    }

    @Override
    public Optional<Instant> previous(Instant atOrBefore) {
        return Optional.of(atOrBefore);
    }

    @Override
    public Duration typicalInterval() {
        return interval;
    }
}
