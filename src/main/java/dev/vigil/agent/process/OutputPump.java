package dev.vigil.agent.process;

import dev.vigil.agent.process.OutputSink.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies one of a process's output pipes to the sink, on its own virtual thread, until end of file. */
final class OutputPump {
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);
    private static final int BUFFER_SIZE = 8192;

    private final InputStream in;
    private final Stream stream;
    private final OutputSink sink;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // A lock, not synchronized: a sink that blocks must not pin a virtual thread's carrier (JDK 21).
    private final ReentrantLock delivering = new ReentrantLock();
    private boolean detached; // guarded by delivering
    private volatile long bytesRead;

    /** A process's stdout and stderr pipes, each pumped to the sink. */
    static SupervisedProcess.Output pipes(Process process, OutputSink sink) {
        OutputPump stdout = new OutputPump(process.getInputStream(), Stream.STDOUT, sink);
        OutputPump stderr = new OutputPump(process.getErrorStream(), Stream.STDERR, sink);
        return new SupervisedProcess.Output() {
            @Override
            public void start(String name) {
                stdout.start(name + "-stdout");
                stderr.start(name + "-stderr");
            }

            @Override
            public void drainAndDetach() throws InterruptedException {
                OutputPump.drainAndDetach(OUTPUT_QUIET, stdout, stderr);
            }

            @Override
            public void abandon() {
                stdout.detach();
                stderr.detach();
            }
        };
    }

    /** After the group has ended, how long a pipe may stay silent before we stop waiting for its end. */
    static final Duration OUTPUT_QUIET = Duration.ofMillis(500);

    OutputPump(InputStream in, Stream stream, OutputSink sink) {
        this.in = in;
        this.stream = stream;
        this.sink = sink;
    }

    void start(String threadName) {
        Thread.ofVirtual().name(threadName).start(this::run);
    }

    private void run() {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytesRead += n;
                deliver(buffer, n);
            }
        } catch (IOException e) {
            log.debug("{} closed: {}", stream, e.toString());
        } finally {
            done.complete(null);
        }
    }

    private void deliver(byte[] buffer, int length) {
        if (length == 0) {
            return;
        }
        delivering.lock();
        try {
            if (!detached) {
                sink.chunk(stream, buffer, 0, length);
            }
        } catch (RuntimeException e) {
            log.warn("output sink failed on {}; {} bytes of output lost", stream, length, e);
        } finally {
            delivering.unlock();
        }
    }

    /**
     * Waits for end of file on every pump, then detaches them from the sink. Gives up when a whole
     * {@code quiet} period passes with nothing read and no sink call in progress: the write end is
     * then held by a process outside our reach, and its later output is read but dropped. A sink
     * still busy delivering is waited for, however long it takes.
     */
    static void drainAndDetach(Duration quiet, OutputPump... pumps) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(
                Arrays.stream(pumps).map(pump -> pump.done).toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            long before = bytesRead(pumps);
            try {
                all.get(quiet.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (bytesRead(pumps) == before && Arrays.stream(pumps).noneMatch(p -> p.delivering.isLocked())) {
                    Arrays.stream(pumps).filter(p -> !p.done.isDone()).forEach(p -> log.warn(
                            "{} still open after the process group ended, probably held by a process that"
                                    + " left the group; further output is dropped", p.stream));
                    break;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("indicates a bug: a pump never fails", e);
            }
        }
        for (OutputPump pump : pumps) {
            pump.detach();
        }
    }

    private static long bytesRead(OutputPump... pumps) {
        return Arrays.stream(pumps).mapToLong(p -> p.bytesRead).sum();
    }

    private void detach() {
        delivering.lock();
        try {
            detached = true;
        } finally {
            delivering.unlock();
        }
    }
}
