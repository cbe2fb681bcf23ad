package dev.vigil.cli.client;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Prints a {@link ClientException} as one message after {@code vigil: } and exits with its code;
 * anything else is a bug and keeps picocli's handling (a stack trace).
 */
public final class ClientErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        if (!(e instanceof ClientException c)) throw e;
        cmd.getErr().println("vigil: " + c.getMessage());
        cmd.getErr().flush();
        return c.exitCode();
    }
}
