package dev.vigil.cli.run;

import dev.vigil.schedule.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One wrapped run, start to finish: report the start, run the command with its output passing
 * through, report how it ended, and give back its exit code. Reporting never changes that code.
 */
final class Wrapper {
    static final int TIMED_OUT = 124;      // as coreutils timeout
    static final int NOT_EXECUTABLE = 126; // as a shell
    static final int NOT_FOUND = 127;
    /** After SIGTERM on a timeout, SIGKILL follows this much later. */
    static final Duration KILL_AFTER = Duration.ofSeconds(10);
    /** When the wrapper itself is asked to stop, the command gets less time: the wrapper may be killed too. */
    static final Duration KILL_AFTER_WHEN_STOPPED = Duration.ofSeconds(5);

    private final Settings settings;
    private final Delivery delivery;
    private final OutputStream out;
    private final OutputStream err;
    private final Consumer<String> warn;
    private final Clock clock;

    private final AtomicBoolean finishing = new AtomicBoolean();
    private final CountDownLatch reported = new CountDownLatch(1);

    Wrapper(Settings settings, Delivery delivery, OutputStream out, OutputStream err, Consumer<String> warn, Clock clock) {
        this.settings = settings;
        this.delivery = delivery;
        this.out = out;
        this.err = err;
        this.warn = warn;
        this.clock = clock;
    }

    int run() throws InterruptedException {
        Reporter reporter = settings.reporter();
        var run = new Reporter.RunInfo(UUID.randomUUID().toString(), settings.command(), clock.instant());
        delivery.submit(reporter.start(run)); // replays the spool first
        TailBuffer tail = new TailBuffer(settings.tailBytes());
        long started = System.nanoTime();
        // The stop hook is in place before the command starts: a SIGTERM that comes right after the
        // start must still stop the command, not leave it running on its own.
        var started_ = new java.util.concurrent.CompletableFuture<ChildProcess>();
        Thread hook = new Thread(() -> stopped(run, started_, started, tail), "vigil-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ChildProcess child;
        try {
            child = ChildProcess.start(settings.command(), out, err, tail);
            started_.complete(child);
        } catch (IOException e) {
            started_.complete(null);
            removeHook(hook);
            warn.accept("cannot run " + settings.command().getFirst() + ": " + e.getMessage());
            int code = String.valueOf(e.getMessage()).contains("error=13") ? NOT_EXECUTABLE : NOT_FOUND;
            finish(run, code, false, started, "cannot run the command: " + e.getMessage(), tail);
            return code;
        }
        try {
            boolean timedOut = !child.waitFor(settings.timeout());
            if (timedOut) child.terminate(KILL_AFTER);
            child.drain();
            Integer code = child.exitCode();
            if (!finishing.compareAndSet(false, true)) return code == null ? 1 : code; // the stop hook reports
            if (timedOut) {
                warn.accept("timed out after " + Durations.format(settings.timeout()) + ": stopped the command");
                finish(run, TIMED_OUT, false, started, "timed out after " + Durations.format(settings.timeout())
                        + "; the command was stopped" + (code == null ? "" : " (exit code " + code + ")"), tail);
                return TIMED_OUT;
            }
            finish(run, code, code == 0, started, null, tail);
            return code;
        } finally {
            reported.countDown();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    /** The wrapper got SIGTERM or SIGINT: stop the command and report the run as interrupted. */
    private void stopped(Reporter.RunInfo run, java.util.concurrent.CompletableFuture<ChildProcess> starting, long started,
                         TailBuffer tail) {
        try {
            ChildProcess child;
            try {
                child = starting.get(5, TimeUnit.SECONDS); // the start is under way: let it finish, then stop it
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                child = null;
            }
            if (child == null) return; // it never started: run() reports that
            if (!finishing.compareAndSet(false, true)) {
                reported.await(Delivery.CONNECT_TIMEOUT.plus(Delivery.REQUEST_TIMEOUT).toSeconds(), TimeUnit.SECONDS);
                return;
            }
            child.terminate(KILL_AFTER_WHEN_STOPPED);
            Integer code = child.exitCode();
            finish(run, code, false, started, "interrupted: vigil run was asked to stop, and stopped the command", tail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish(Reporter.RunInfo run, Integer code, boolean success, long started, String note, TailBuffer tail) {
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        var finish = new Reporter.Finish(code, success, duration, message(note, tail), clock.instant());
        delivery.submit(settings.reporter().finish(run, finish));
    }

    /** What went wrong (if anything) on the first line, then as much of the tail as fits in the tail size. */
    private String message(String note, TailBuffer tail) {
        if (note == null) return tail.text(settings.tailBytes());
        String head = "vigil run: " + note + "\n";
        int room = settings.tailBytes() - head.getBytes(StandardCharsets.UTF_8).length;
        return head + (room > 0 ? tail.text(room) : "");
    }
}
