package dev.vigil.web.healthchecks;

/**
 * An answer of the Healthchecks API that is not a success: its status and the text of
 * {@code {"error": "..."}}, worded as Healthchecks words it where Healthchecks has a wording.
 */
final class HcError extends RuntimeException {
    final int status;

    HcError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static HcError invalid(String message) {
        return new HcError(400, "json validation error: " + message);
    }
}
