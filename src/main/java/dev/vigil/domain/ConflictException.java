package dev.vigil.domain;

public class ConflictException extends VigilException {
    public ConflictException(String message) {
        super("conflict", message);
    }
}
