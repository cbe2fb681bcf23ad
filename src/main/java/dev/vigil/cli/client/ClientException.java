package dev.vigil.cli.client;

import dev.vigil.domain.VigilException;

/**
 * Why a client command stopped: its message is for people and is printed as is, after
 * {@code vigil: }; {@link #exitCode()} is what the process exits with ({@link ExitCodes}).
 */
public class ClientException extends VigilException {
    private final int exitCode;

    public ClientException(int exitCode, String message) {
        super("client", message);
        this.exitCode = exitCode;
    }

    public ClientException(int exitCode, String message, Throwable cause) {
        super("client", message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }

    /** A mistake on the command line or in the settings: exit 2. */
    public static ClientException usage(String message) {
        return new ClientException(ExitCodes.USAGE, message);
    }
}
