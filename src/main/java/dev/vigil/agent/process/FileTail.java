package dev.vigil.agent.process;

import dev.vigil.agent.process.OutputSink.Stream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what a durable process appends to its output file to the sink, from a given offset, on a
 * virtual thread of its own: as soon as there is more, looking again after a short pause (growing
 * to {@link #MAX_PAUSE_NANOS}) when there is not. A file has no end of file that says "all written"
 * as a pipe has: {@link #drainAndDetach} reads to the current end once more, after the group ended.
 */
final class FileTail implements SupervisedProcess.Output {
    private static final Logger log = LoggerFactory.getLogger(FileTail.class);
    private static final int BUFFER_SIZE = 8192;
    private static final long MIN_PAUSE_NANOS = 5_000_000;
    static final long MAX_PAUSE_NANOS = 200_000_000;

    private final Path file;
    private final OutputSink sink;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile long offset;
    private volatile boolean last; // read to the end once more, then stop
    private volatile boolean abandoned; // stop at once
    private volatile Thread thread;

    FileTail(Path file, long from, OutputSink sink) {
        this.file = file;
        this.offset = from;
        this.sink = sink;
    }

    @Override
    public void start(String name) {
        thread = Thread.ofVirtual().name(name + "-output").start(this::run);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long pause = MIN_PAUSE_NANOS;
        FileChannel channel = null;
        try {
            while (!abandoned) {
                boolean finalPass = last; // read before reading the file: what was written before it counts
                if (channel == null) channel = open();
                int n = channel == null ? -1 : channel.read(buffer.clear(), offset);
                if (n > 0) {
                    deliver(buffer.array(), n);
                    offset += n;
                    pause = MIN_PAUSE_NANOS;
                    continue;
                }
                if (finalPass) break;
                LockSupport.parkNanos(pause); // drainAndDetach unparks
                pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            }
        } catch (IOException e) {
            log.warn("cannot read the output file {}: {}; its further output is lost", file, e.toString());
        } finally {
            close(channel);
            done.complete(null);
        }
    }

    private FileChannel open() throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null; // not created (yet): the process never started, or its wrapper is about to
        }
    }

    private void deliver(byte[] data, int length) {
        try {
            sink.chunk(Stream.STDOUT, data, 0, length);
        } catch (RuntimeException e) {
            log.warn("output sink failed; {} bytes of output of {} lost", length, file, e);
        }
    }

    /** Reads what the file holds now, delivers it, and stops; waits however long the sink takes. */
    @Override
    public void drainAndDetach() throws InterruptedException {
        last = true;
        Thread t = thread;
        if (t == null) return;
        LockSupport.unpark(t);
        try {
            done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("indicates a bug: the tail never fails", e);
        }
    }

    /** Stops reading without delivering more: what is left stays in the file for whoever adopts the process. */
    @Override
    public void abandon() {
        abandoned = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** Bytes of the file delivered so far, counted from its start. */
    long offset() {
        return offset;
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // read only: nothing is lost
        }
    }
}
