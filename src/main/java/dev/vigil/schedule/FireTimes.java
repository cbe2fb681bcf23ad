package dev.vigil.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fire times of one schedule, as UTC instants. Implementations are immutable and thread-safe;
 * build one per schedule with {@link Schedules#fireTimes} and keep it, parsing happens once.
 */
public interface FireTimes {

    /** The first fire time strictly after {@code after}, or empty if the schedule never fires again. */
    Optional<Instant> next(Instant after);

    /**
     * The latest fire time at or before {@code atOrBefore} — the one that was due at that moment —
     * or empty if there is none within the search horizon.
     */
    Optional<Instant> previous(Instant atOrBefore);

    /**
     * The nominal gap between two fire times; {@link Duration#ZERO} when the schedule never fires.
     * Used for defaults such as grace, so it is a property of the expression, not of a date.
     */
    Duration typicalInterval();

    /** Up to {@code count} fire times strictly after {@code after}, strictly increasing. */
    default List<Instant> next(Instant after, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        List<Instant> result = new ArrayList<>(Math.min(count, 1024));
        Instant cursor = after;
        while (result.size() < count) {
            Optional<Instant> n = next(cursor);
            if (n.isEmpty()) {
                break;
            }
            cursor = n.get();
            result.add(cursor);
        }
        return result;
    }
}
