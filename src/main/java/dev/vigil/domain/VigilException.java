package dev.vigil.domain;

/** The root of Vigil's own exceptions; all unchecked. The web layer maps each subtype to one status. */
public class VigilException extends RuntimeException {
    private final String code;

    public VigilException(String code, String message) {
        super(message);
        this.code = code;
    }

    public VigilException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable machine-readable error code, e.g. {@code not_found}. */
    public String code() { return code; }
}
