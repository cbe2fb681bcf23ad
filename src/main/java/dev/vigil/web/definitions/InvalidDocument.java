package dev.vigil.web.definitions;

import dev.vigil.domain.ValidationException;
import java.util.List;

/**
 * Everything wrong with a definitions document, found before anything changed: the first error is
 * this exception's field and message (as any {@link ValidationException}), all of them are {@link #errors()}.
 */
public final class InvalidDocument extends ValidationException {
    /** One error: the JSON path of the bad value, e.g. {@code projects.prod.jobs[2].schedule.cron}, and why. */
    public record Error(String field, String message) {}

    private final List<Error> errors;

    InvalidDocument(List<Error> errors) {
        super(errors.getFirst().field(), errors.getFirst().message());
        this.errors = List.copyOf(errors);
    }

    public List<Error> errors() {
        return errors;
    }

    /** The error of a {@link ValidationException} whose field is relative to {@code at} (or null: {@code at} itself). */
    static Error of(String at, ValidationException e) {
        String field = e.field();
        String message = field == null ? e.getMessage() : e.getMessage().substring(field.length() + 2);
        if (field == null) return new Error(at, message);
        return new Error(at.isEmpty() ? field : at + "." + field, message);
    }
}
