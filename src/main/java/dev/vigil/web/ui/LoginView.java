package dev.vigil.web.ui;

/** The login form; {@code next} is where to go after, kept only if it is a dashboard path. */
public record LoginView(String token, String next, String error) {}
