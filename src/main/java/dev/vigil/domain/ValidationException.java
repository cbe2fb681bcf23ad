package dev.vigil.domain;

/** Input that is wrong: names the field and says why. Nothing was changed. */
public class ValidationException extends VigilException {
    private final String field;

    public ValidationException(String field, String message) {
        super("invalid", field == null ? message : field + ": " + message);
        this.field = field;
    }

    public String field() { return field; }
}
