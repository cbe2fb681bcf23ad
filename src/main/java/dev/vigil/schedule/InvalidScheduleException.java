package dev.vigil.schedule;

import dev.vigil.domain.ValidationException;
import java.util.Objects;

/**
 * A schedule given by a user (cron expression, time zone or duration) is not valid. The message is
 * meant for that user: it names the field and says what is wrong, e.g.
 * {@code cron: minute field: 61 is out of range 0-59}.
 */
public final class InvalidScheduleException extends ValidationException {

    /**
     * @param field   the JSON field that holds the bad value: "cron", "timezone", "every", or the
     *                name of a duration field
     * @param problem what is wrong with it, without the field prefix
     */
    public InvalidScheduleException(String field, String problem) {
        super(Objects.requireNonNull(field, "field"), Objects.requireNonNull(problem, "problem"));
    }
}
