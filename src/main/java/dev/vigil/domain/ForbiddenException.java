package dev.vigil.domain;

/** The caller is known but may not do this (403 {@code forbidden}). */
public class ForbiddenException extends VigilException {
    public ForbiddenException(String message) {
        super("forbidden", message);
    }
}
