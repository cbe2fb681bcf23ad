package dev.vigil.cli.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns what happened to the wrapped command into reports for the server, in one of the two
 * addressing forms: a ping URL ({@link PingUrlReporter}) or the native events API with a key and a
 * job ({@link ApiReporter}). Building a report never fails and never touches the network.
 */
interface Reporter {

    /** One run of the command: {@code rid} pairs its start with its finish on the server. */
    record RunInfo(String rid, List<String> command, Instant startedAt) {}

    /**
     * How the run ended.
     *
     * @param exitCode the exit code reported (null if unknown: the command would not die)
     * @param success  true only for exit code 0 without timeout or interruption
     * @param message  what went wrong, if anything, followed by the output tail
     */
    record Finish(Integer exitCode, boolean success, Duration duration, String message, Instant finishedAt) {}

    Report start(RunInfo run);

    Report finish(RunInfo run, Finish finish);
}
