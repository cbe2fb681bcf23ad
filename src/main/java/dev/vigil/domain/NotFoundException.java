package dev.vigil.domain;

public class NotFoundException extends VigilException {
    public NotFoundException(String message) {
        super("not_found", message);
    }
}
