package dev.vigil.agent.process;

import dev.vigil.agent.process.ProcessOutcome.Reason;
import java.time.Duration;

/**
 * Turns Java's exit value into an exit code or a signal.
 *
 * <p>On Linux, {@link Process#exitValue()} is the exit status for a process that exited and
 * {@code 128 + N} for one killed by signal N, so {@code exit 137} and SIGKILL look the same. The
 * rule: a value from 129 to 128 + {@value #MAX_SIGNAL} is reported as signal {@code value - 128}
 * with no exit code, whoever sent the signal. Shells follow the same convention (a shell whose
 * last command was killed by N exits with 128 + N), so for a job both readings mean "killed by N".
 * Everything else, 128 included, is an exit code. Because {@code setsid} replaces itself with the
 * program, the value is the program's own status, not a wrapper's.
 */
final class ExitStatus {
    /** SIGRTMAX on Linux. */
    static final int MAX_SIGNAL = 64;

    private ExitStatus() {
    }

    static ProcessOutcome decode(int exitValue, Reason reason, Duration duration) {
        if (exitValue > 128 && exitValue <= 128 + MAX_SIGNAL) {
            return new ProcessOutcome(null, exitValue - 128, reason, duration, null);
        }
        return new ProcessOutcome(exitValue, null, reason, duration, null);
    }

    /**
     * A process whose exit status nobody recorded: the agent was down when it ended and its leader
     * did not get to write it (killed with the group, or the machine restarted). If we were
     * stopping it, that is how it ended; otherwise how is not known.
     */
    static ProcessOutcome unknown(Reason reason, Duration duration, boolean neverStarted) {
        if (reason != Reason.EXITED) return new ProcessOutcome(null, null, reason, duration, null);
        return new ProcessOutcome(null, null, Reason.LOST, duration, neverStarted
                ? "the agent stopped before the process started"
                : "the process ended while no agent watched it, without recording its exit status");
    }
}
