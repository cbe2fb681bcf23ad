package dev.vigil.cli.client;

/**
 * The exit codes of the client commands, documented in docs/cli.md. {@code vigil trigger --wait}
 * exits with the run's outcome instead, once the run exists ({@link #ofRun}).
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Anything else: a conflict (409), a server error, a run that failed without an exit code. */
    public static final int ERROR = 1;
    /** A bad command line or settings, or input the API refused as invalid (400). */
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    /** No key, a key the server does not know (401), or one that may not do this (403). */
    public static final int AUTH = 4;
    /** The server cannot be reached or did not answer in time. */
    public static final int UNREACHABLE = 5;

    /** {@code vigil apply} and {@code vigil import crontab}: valid, and changes were planned (dry run) or made. */
    public static final int CHANGES = 10;

    public static final int RUN_TIMED_OUT = 124;
    public static final int RUN_LOST = 125;
    public static final int RUN_CANCELLED = 130;
    public static final int RUN_SKIPPED = 131;

    private ExitCodes() {}

    /** The exit code for a run that ended in {@code state} (a wire name) with {@code exitCode} (null if none). */
    public static int ofRun(String state, Integer exitCode) {
        return switch (state) {
            case "succeeded" -> OK;
            case "failed" -> exitCode != null && exitCode > 0 && exitCode < 256 ? exitCode : ERROR;
            case "timed_out" -> RUN_TIMED_OUT;
            case "lost" -> RUN_LOST;
            case "cancelled" -> RUN_CANCELLED;
            case "skipped" -> RUN_SKIPPED;
            default -> throw new IllegalArgumentException("run state " + state + " has not ended; indicates a bug");
        };
    }

    /** The exit code for an HTTP status the API answered with (0: no answer). */
    public static int ofStatus(int status) {
        return switch (status) {
            case 0 -> UNREACHABLE;
            case 400 -> USAGE;
            case 401, 403 -> AUTH;
            case 404 -> NOT_FOUND;
            default -> ERROR;
        };
    }
}
