package dev.vigil.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The wrapped command: stdin inherited, stdout and stderr piped through to the wrapper's own
 * streams as they arrive (each chunk flushed at once, bytes untouched) and into a shared tail.
 */
final class ChildProcess {
    /** How long the pumps may go on draining after the command exits (a background grandchild may hold a pipe open). */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final Process process;
    private final List<Thread> pumps;

    private ChildProcess(Process process, List<Thread> pumps) {
        this.process = process;
        this.pumps = pumps;
    }

    /** Starts {@code command}; throws IOException when it cannot be run at all (not found, not executable). */
    static ChildProcess start(List<String> command, OutputStream out, OutputStream err, TailBuffer tail) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Thread> pumps = List.of(
                pump("vigil-run-stdout", p.getInputStream(), out, tail),
                pump("vigil-run-stderr", p.getErrorStream(), err, tail));
        return new ChildProcess(p, pumps);
    }

    private static Thread pump(String name, InputStream from, OutputStream to, TailBuffer tail) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            boolean forwarding = true;
            try (from) {
                for (int n; (n = from.read(buf)) != -1; ) {
                    tail.write(buf, 0, n);
                    if (!forwarding) continue;
                    try {
                        to.write(buf, 0, n);
                        to.flush();
                    } catch (IOException e) {
                        forwarding = false; // our own stdout is gone (closed pipe): keep draining so the command never blocks
                    }
                }
            } catch (IOException e) {
                // the pipe broke: nothing more to read
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits up to {@code limit} (null: forever); true if the command exited. */
    boolean waitFor(Duration limit) throws InterruptedException {
        if (limit == null) {
            process.waitFor();
            return true;
        }
        return process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Asks the command and everything it started to stop (SIGTERM), and after {@code grace} forces
     * them (SIGKILL). Returns once the command has exited, or after a last short wait.
     */
    void terminate(Duration grace) throws InterruptedException {
        List<ProcessHandle> family = process.descendants().toList(); // before the child dies and they are re-parented
        process.destroy();
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
        for (ProcessHandle h : family) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                break; // the grace is over
            }
        }
        if (process.isAlive()) process.destroyForcibly();
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(2, TimeUnit.SECONDS);
    }

    /**
     * The exit code as a shell reports it: the command's status, or 128+N when signal N killed it
     * (the JDK already decodes a signal death this way on Unix); null while it is still running.
     */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Lets the pumps copy what is still in the pipes, for a bounded time. */
    void drain() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (Thread t : pumps) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
}
