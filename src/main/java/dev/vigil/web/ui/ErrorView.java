package dev.vigil.web.ui;

/** An error page: the status and what went wrong. */
public record ErrorView(int status, String message) {
    public String heading() {
        return switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            default -> status >= 500 ? "Something went wrong" : "That did not work";
        };
    }
}
