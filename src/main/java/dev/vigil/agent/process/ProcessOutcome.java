package dev.vigil.agent.process;

import java.time.Duration;
import java.util.Objects;

/**
 * How one process ended.
 *
 * @param exitCode the exit status, or {@code null} when it was killed by a signal or never started
 * @param signal the signal that killed it (e.g. 9, 15), or {@code null}. Java reports a death by
 *     signal N as the value 128 + N, indistinguishable from {@code exit 128+N}; so any value from
 *     129 to 192 is reported as a signal, whoever sent it. Shells use the same convention for a
 *     command killed by a signal, so for a job both readings mean "killed by N".
 * @param reason why it ended: on its own, or because we stopped it
 * @param duration from start until the process itself exited
 * @param error what went wrong, only for {@link Reason#FAILED_TO_START} and {@link Reason#LOST}
 */
public record ProcessOutcome(Integer exitCode, Integer signal, Reason reason, Duration duration, String error) {

    public enum Reason {
        /** Ended on its own (possibly by a signal someone else sent). */
        EXITED,
        /** The spec's timeout elapsed; we sent TERM (then KILL). Exit code or signal are still reported. */
        TIMED_OUT,
        /** {@link RunningProcess#cancel()} was called while it ran. */
        CANCELLED,
        /** Never ran: missing program, bad working directory, or the OS refused to start it. */
        FAILED_TO_START,
        /**
         * Not known: an adopted process that ended while no agent watched it and left no exit status,
         * or one whose agent stopped before starting it.
         */
        LOST
    }

    public ProcessOutcome {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(duration, "duration");
    }

    static ProcessOutcome failedToStart(String error) {
        return new ProcessOutcome(null, null, Reason.FAILED_TO_START, Duration.ZERO, error);
    }

    /** True only for a process that exited by itself with status 0. */
    public boolean succeeded() {
        return reason == Reason.EXITED && exitCode != null && exitCode == 0;
    }
}
